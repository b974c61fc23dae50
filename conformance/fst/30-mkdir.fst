# mkdir(2) in lower-only, upper-only and merged directories, over every kind of existing name,
# and where a lower directory was removed (the new directory is opaque: nothing of the old
# lower directory shows through).
lower mkdir l 0755
lower mkdir l/a 0700
lower mkdir l/a/b 0750
lower create l/f 0644
lower symlink nowhere l/dangling
lower symlink a l/alink
lower mkdir old 0755
lower create old/secret 0644 "lower content"
lower mkdir old/sub 0755
lower create lfile 0644
lower mkdir m 0755
lower create m/lx 0644
upper mkdir m 0755
upper create m/ux 0644
upper mkdir u 0755
upper create u/uf 0644
mount

expect 0 mkdir new 0755
expect dir,0755,2 stat new type,mode,nlink
expect "" readdir new
expect dir,0755 -l upper lstat new type,mode
expect EEXIST mkdir new 0755

# In a lower-only directory: the parents are copied up first, with their modes.
expect 0 mkdir l/a/b/c 0711
expect dir,0711 stat l/a/b/c type,mode
expect dir,0700 -l upper lstat l/a type,mode
expect dir,0750 -l upper lstat l/a/b type,mode
expect dir,0711 -l upper lstat l/a/b/c type,mode
expect ENOENT -l upper lstat l/f type
expect ENOENT -l lower lstat l/a/b/c type
expect c readdir l/a/b
expect a,alink,dangling,f readdir l
expect 0 mkdir u/d 0777
expect dir,0777 -l upper lstat u/d type,mode
expect d,uf readdir u
expect 0 mkdir m/d 0700
expect d,lx,ux readdir m
expect dir,0700 -l upper lstat m/d type,mode

# The umask applies.
expect 0 -U 022 mkdir u/masked 0777
expect dir,0755 stat u/masked type,mode
expect 0 -U 077 mkdir l/masked 0777
expect dir,0700 stat l/masked type,mode

# Over existing names of every origin and type.
expect EEXIST mkdir l 0755
expect EEXIST mkdir l/a 0755
expect EEXIST mkdir l/f 0755
expect EEXIST mkdir l/dangling 0755
expect EEXIST mkdir l/alink 0755
expect EEXIST mkdir m 0755
expect EEXIST mkdir m/lx 0755
expect EEXIST mkdir m/ux 0755
expect EEXIST mkdir u 0755
expect EEXIST mkdir u/uf 0755
expect EEXIST mkdir . 0755
expect ENOENT stat l/nowhere type

# Missing parents, parents that are files.
expect ENOENT mkdir none/x 0755
expect ENOENT mkdir l/none/x 0755
expect ENOTDIR mkdir l/f/x 0755
expect ENOTDIR mkdir lfile/x 0755
expect ENOENT mkdir "" 0755
expect ENOENT -l upper lstat lfile type

# mkdir where a lower directory was: the new one is empty (opaque).
expect 0 unlink old/secret : rmdir old/sub : rmdir old
expect ENOENT stat old type
expect 0 mkdir old 0750
expect dir,0750,2 stat old type,mode,nlink
expect "" readdir old
expect ENOENT stat old/secret type
expect ENOENT open old/secret O_RDONLY
expect secret,sub -l lower readdir old
expect 0 mkdir old/sub 0755
expect sub readdir old
expect "" readdir old/sub

# mkdir where a lower file was: a fresh directory.
expect 0 unlink lfile
expect 0 mkdir lfile 0755
expect dir,0755 stat lfile type,mode
expect "" readdir lfile
expect l,lfile,m,new,old,u readdir .
