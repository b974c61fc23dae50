# Recursive removal (what rm -r does: children first, depth first) of a lower tree, a merged
# tree with entries on both layers, and an upper tree; then the same names made again.
lower mkdir t 0755
lower mkdir t/a 0755
lower create t/a/f 0644 "f"
lower create t/a/g 0644 "g"
lower mkdir t/a/deep 0700
lower create t/a/deep/x 0600
lower symlink ../f t/a/deep/link
lower mkdir t/b 0755
lower create t/top 0644
lower mkdir mt 0755
lower mkdir mt/lo 0755
lower create mt/lo/one 0644
lower mkdir mt/both 0755
lower create mt/both/l 0644
lower create mt/lfile 0644
upper mkdir mt 0755
upper mkdir mt/both 0755
upper create mt/both/u 0644
upper mkdir mt/up 0755
upper create mt/up/two 0644
upper create mt/ufile 0644
upper mkdir ut 0755
upper mkdir ut/x 0755
upper mkdir ut/x/y 0755
upper create ut/x/y/z 0644
upper create ut/w 0644
lower create keep 0644 "kept"
mount

# The lower tree, one level at a time, checking what is left.
expect ENOTEMPTY rmdir t
expect ENOTEMPTY rmdir t/a
expect ENOTEMPTY rmdir t/a/deep
expect 0 unlink t/a/deep/x : unlink t/a/deep/link : rmdir t/a/deep
expect f,g readdir t/a
expect 0 unlink t/a/f : unlink t/a/g : rmdir t/a
expect b,top readdir t
expect 0 rmdir t/b : unlink t/top : rmdir t
expect ENOENT stat t type
expect ENOENT stat t/a/f type
expect a,b,top -l lower readdir t
expect keep,mt,ut readdir .

# The merged tree: lower-only, merged and upper-only subdirectories.
expect 0 unlink mt/lo/one : rmdir mt/lo
expect ENOTEMPTY rmdir mt/both
expect 0 unlink mt/both/l : unlink mt/both/u : rmdir mt/both
expect 0 unlink mt/up/two : rmdir mt/up
expect lfile,ufile readdir mt
expect 0 unlink mt/lfile : unlink mt/ufile : rmdir mt
expect ENOENT stat mt type
expect ENOENT stat mt/both/l type

# The upper tree.
expect 0 unlink ut/x/y/z : rmdir ut/x/y : rmdir ut/x : unlink ut/w : rmdir ut
expect ENOENT stat ut type
expect ENOENT -l upper lstat ut type
expect keep readdir .
expect "kept" open keep O_RDONLY : read 0 100

# Making the removed names again shows nothing of the old trees.
expect 0 mkdir t 0700 : mkdir t/a 0700
expect a readdir t
expect "" readdir t/a
expect ENOENT stat t/top type
expect 0 mkdir mt 0755
expect "" readdir mt
expect 0 mkdir mt/both 0755
expect "" readdir mt/both
expect 0 mkdir ut 0755
expect "" readdir ut
expect keep,mt,t,ut readdir .
