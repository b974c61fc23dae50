# open(2) on directories (lower-only, upper-only, merged, the root) and on names that do not
# exist, in every mode. Directories open read-only only; O_CREAT makes files in directories of
# every origin, copying lower-only parents up first.
lower mkdir ld 0755
lower create ld/x 0644
lower mkdir ld/sub 0700
lower mkdir md 0751
lower create md/lx 0644
upper mkdir md 0751
upper create md/ux 0644
upper mkdir ud 0755
lower create lf 0644 "lf"
lower create ld/gone 0644 "whited out"
mount

# Directories: O_RDONLY (with or without O_DIRECTORY) only.
expect 0 open ld O_RDONLY
expect 0 open ld O_RDONLY,O_DIRECTORY
expect EISDIR open ld O_WRONLY
expect EISDIR open ld O_RDWR
expect EISDIR open ld O_RDONLY,O_TRUNC
expect EISDIR open ld O_WRONLY,O_CREAT 0755
expect EISDIR open ld O_RDONLY,O_CREAT 0755
expect EEXIST open ld O_RDONLY,O_CREAT,O_EXCL 0755
expect EISDIR open ld/sub O_RDWR,O_TRUNC
expect ENOENT -l upper lstat ld type
expect EISDIR open ld O_RDONLY : read 0 10
expect 0 open md O_RDONLY,O_DIRECTORY
expect EISDIR open md O_WRONLY
expect EISDIR open md O_RDWR,O_CREAT 0755
expect EEXIST open md O_WRONLY,O_CREAT,O_EXCL 0755
expect 0 open ud O_RDONLY
expect EISDIR open ud O_WRONLY
expect EISDIR open ud O_RDWR
expect EISDIR open ud O_WRONLY,O_TRUNC
expect EEXIST open ud O_RDONLY,O_CREAT,O_EXCL 0644
expect 0 open . O_RDONLY,O_DIRECTORY
expect EISDIR open . O_RDWR

# What fstat on a directory fd says: a merged directory counts one link, the others their own.
expect dir,0751,1 open md O_RDONLY : fstat 0 type,mode,nlink
expect dir,0751,1 stat md type,mode,nlink
expect dir,0755,3 stat ld type,mode,nlink
expect dir,0755,2 stat ud type,mode,nlink
expect dir,1 stat . type,nlink

# Missing names: ENOENT unless O_CREAT.
expect ENOENT open ld/none O_RDONLY
expect ENOENT open ld/none O_WRONLY
expect ENOENT open ld/none O_RDWR,O_TRUNC
expect ENOENT open ld/none O_RDONLY,O_DIRECTORY
expect ENOENT open ud/none O_RDWR
expect ENOENT open md/none O_WRONLY,O_APPEND
expect ENOENT open none O_RDONLY
expect ENOENT open nodir/none O_WRONLY,O_CREAT 0644
expect ENOENT open ld/nodir/none O_WRONLY,O_CREAT,O_EXCL 0644
expect ENOTDIR open lf/none O_WRONLY,O_CREAT 0644
expect EISDIR open ud/newname/ O_WRONLY,O_CREAT 0644
expect ENOENT -l upper lstat ld type

# O_CREAT in a lower-only directory copies the directory up (mode kept), then creates.
expect 0 open ld/c1 O_WRONLY,O_CREAT 0640
expect regular,0640,1,0 stat ld/c1 type,mode,nlink,size
expect dir,0755 -l upper lstat ld type,mode
expect regular,0640 -l upper lstat ld/c1 type,mode
expect ENOENT -l lower lstat ld/c1 type
expect 0 open ld/sub/c2 O_RDONLY,O_CREAT,O_EXCL 0600
expect dir,0700 -l upper lstat ld/sub type,mode
expect regular,0600 stat ld/sub/c2 type,mode
expect 5 open ld/c3 O_RDWR,O_CREAT,O_TRUNC 0644 : write 0 "hello"
expect "hello" open ld/c3 O_RDONLY : read 0 100
expect EEXIST open ld/c3 O_RDWR,O_CREAT,O_EXCL 0644
expect 0 open ld/c3 O_RDWR,O_CREAT 0644
expect 5 stat ld/c3 size

# O_CREAT in upper-only and merged directories and in the root.
expect 0 open ud/c O_WRONLY,O_CREAT,O_EXCL 0600
expect regular,0600 -l upper lstat ud/c type,mode
expect 0 open md/c O_WRONLY,O_CREAT,O_EXCL 0604
expect c,lx,ux readdir md
expect 0 open rootnew O_RDWR,O_CREAT 0666
expect regular,0666 stat rootnew type,mode
expect regular,0644 -U 022 open ud/um O_WRONLY,O_CREAT 0666 : fstat 0 type,mode
expect regular,0640 -U 027 open ld/um O_WRONLY,O_CREAT 0666 : fstat 0 type,mode

# A whited-out name is missing; O_CREAT makes a new, empty file there.
expect 0 unlink ld/gone
expect ENOENT open ld/gone O_RDONLY
expect ENOENT open ld/gone O_WRONLY,O_TRUNC
expect 0 open ld/gone O_WRONLY,O_CREAT,O_EXCL 0600
expect regular,0600,0 stat ld/gone type,mode,size
expect "" open ld/gone O_RDONLY : read 0 100
expect c1,c3,gone,sub,um,x readdir ld
