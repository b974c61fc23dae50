# Extended attributes: lower values, copy-up on change, the hidden trusted.overlay.* names.
lower create f 0644 "content"
lower setxattr f user.k lowerval
lower mkdir d 0755
upper mkdir d 0755
mount

expect lowerval getxattr f user.k
expect user.k listxattr f
expect ENODATA getxattr f user.none
expect 0 setxattr f user.n newval
expect newval getxattr f user.n
# Copy-up kept the lower value and the content.
expect lowerval -l upper getxattr f user.k
expect "content" -l upper open f O_RDONLY : read 0 100
expect user.k,user.n listxattr f
expect 0 removexattr f user.k
expect ENODATA getxattr f user.k
expect EEXIST setxattr f user.n other XATTR_CREATE
expect ENODATA setxattr f user.none other XATTR_REPLACE
# The overlay's own names are not the user's to read or set (a declared deviation on the kernel).
expect "" listxattr d
expect ENODATA getxattr d trusted.overlay.opaque
expect EPERM setxattr d trusted.overlay.opaque y
