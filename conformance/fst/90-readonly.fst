# A read-only overlay mount (mount ro): everything reads as before; every change is EROFS,
# whatever the origin of the object, and the layers stay untouched.
lower mkdir l 0755
lower create l/f 0644 "lower file"
lower setxattr l/f user.x lx
lower symlink f l/sym
lower mkdir l/d 0755
upper mkdir u 0755
upper create u/f 0644 "upper file"
lower mkdir m 0755
lower create m/lf 0644 "merged lower"
upper mkdir m 0755
upper create m/uf 0644 "merged upper"
mount ro

# Reading works.
expect "lower file" open l/f O_RDONLY : read 0 100
expect "upper file" open u/f O_RDONLY : read 0 100
expect "merged lower" open m/lf O_RDONLY : read 0 100
expect "lower file" open l/sym O_RDONLY : read 0 100
expect f readlink l/sym
expect d,f,sym readdir l
expect lf,uf readdir m
expect regular,0644,1,10 stat l/f type,mode,nlink,size
expect lx getxattr l/f user.x
expect user.x listxattr l/f
expect 4096 statfs l/f bsize
expect 0 open l/f O_RDONLY,O_CREAT 0644
expect EEXIST open l/f O_RDONLY,O_CREAT,O_EXCL 0644
expect ENOENT open l/none O_RDONLY

# Opening for writing or truncating.
expect EROFS open l/f O_WRONLY
expect EROFS open l/f O_RDWR
expect EROFS open l/f O_RDONLY,O_TRUNC
expect EROFS open l/sym O_WRONLY,O_APPEND
expect EROFS open u/f O_WRONLY
expect EROFS open u/f O_RDWR,O_TRUNC
expect EROFS open m/uf O_WRONLY
expect EROFS open m/lf O_RDWR
expect EROFS truncate l/f 0
expect EROFS truncate u/f 0
expect EISDIR open l/d O_WRONLY

# Creating.
expect EROFS open l/new O_WRONLY,O_CREAT 0644
expect EROFS open u/new O_RDONLY,O_CREAT 0644
expect EROFS open new O_WRONLY,O_CREAT,O_EXCL 0644
expect EROFS mkdir l/nd 0755
expect EROFS mkdir u/nd 0755
expect EROFS symlink f l/nsym
expect EROFS mkfifo u/fifo 0644
expect EROFS link l/f l/f2
expect EROFS link u/f u/f2
expect EEXIST mkdir l/d 0755

# Removing and renaming.
expect EROFS unlink l/f
expect EROFS unlink u/f
expect EROFS unlink m/lf
expect EROFS rmdir l/d
expect EROFS rmdir m
expect EROFS rename l/f l/g
expect EROFS rename u/f u/g
expect EROFS rename u m/x

# Attributes and xattrs.
expect EROFS chmod l/f 0600
expect EROFS chmod u/f 0600
expect EROFS chown l/f 1 1
expect EROFS lchown l/sym 1 1
expect EROFS utimes u/f 1 1
expect EROFS setxattr l/f user.y y
expect EROFS setxattr u/f user.y y
expect EROFS removexattr l/f user.x

# Nothing reached the upper layer; everything is as it was.
expect ENOENT -l upper lstat l type
expect f -l upper readdir u
expect uf -l upper readdir m
expect "lower file" open l/f O_RDONLY : read 0 100
expect regular,0644 stat u/f type,mode
expect EROFS -u 65534 -g 65534 open u/f O_WRONLY
