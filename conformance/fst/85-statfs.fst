# statfs(2) on the overlay reports the upper layer's filesystem (2011: ovl_statfs() passes the
# call to the upper root's superblock), whatever object it is asked about. Only the fields
# both the model's upper filesystem and the kernel's (ext4, tmpfs) agree on are compared: the
# block size and the longest name.
lower mkdir l 0755
lower create l/f 0644 "lower"
lower symlink f l/sym
upper mkdir u 0755
upper create u/f 0644 "upper"
lower mkdir m 0755
upper mkdir m 0755
mount

expect 4096 statfs . bsize
expect 4096,255 statfs . bsize,namelen
expect 4096,255 statfs l bsize,namelen
expect 4096,255 statfs l/f bsize,namelen
expect 4096,255 statfs l/sym bsize,namelen
expect 4096,255 statfs u bsize,namelen
expect 4096,255 statfs u/f bsize,namelen
expect 4096,255 statfs m bsize,namelen
expect 4096,255 -l upper statfs . bsize,namelen
expect ENOENT statfs none bsize
expect ENOENT statfs l/none bsize
expect ENOTDIR statfs l/f/x bsize
expect ENOENT -l upper lstat l type
# The same after writes went to the upper layer.
expect 0 mkdir l/new 0755 : create l/new/f 0644 "data"
expect 4096,255 statfs l/new/f bsize,namelen
expect 0 unlink l/f
expect ENOENT statfs l/f bsize
expect ENOENT statfs l/sym bsize
expect 4096,255 -u 65534 -g 65534 statfs u/f bsize,namelen
