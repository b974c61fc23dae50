# readdir of merged directories, unlink and whiteouts, rmdir, opaque directories.
lower mkdir d 0755
lower create d/l1 0644
lower create d/shared 0644 "lower"
upper mkdir d 0755
upper create d/u1 0644
upper create d/shared 0644 "upper"
lower mkdir e 0755
lower create e/old 0644
mount

expect l1,shared,u1 readdir d
expect 0 unlink d/l1
expect ENOENT stat d/l1 type
expect shared,u1 readdir d
# The whiteout left on the upper layer (its format is a declared deviation).
expect symlink -l upper lstat d/l1 type
expect 0 mkdir d/new 0750
expect dir,0750 stat d/new type,mode
expect new,shared,u1 readdir d
expect ENOTEMPTY rmdir d
# A merged directory that holds only whiteouts is empty to rmdir.
expect 0 unlink d/shared : unlink d/u1 : rmdir d/new
expect "" readdir d
expect 0 rmdir d
expect ENOENT stat d type
# A directory made where a lower one was removed is opaque: the lower entries stay hidden.
expect EEXIST mkdir e 0755
expect 0 unlink e/old : rmdir e
expect 0 mkdir e 0700
expect "" readdir e
expect ENOENT stat e/old type
expect y -l upper lgetxattr e trusted.overlay.opaque
