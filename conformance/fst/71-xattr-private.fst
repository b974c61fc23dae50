# The overlay's own xattrs (trusted.overlay.opaque on opaque directories, and in 2011
# trusted.overlay.whiteout on whiteouts) are stored on the upper layer but not shown through the
# overlay, and users may not set them. In 2011 ovl_getxattr()/ovl_listxattr()/ovl_removexattr()
# hide them only for entries of a merged directory; other trusted.* names pass through.
lower mkdir d 0755
lower create d/f 0644
lower mkdir l 0755
lower create l/t 0644
lower setxattr l/t trusted.other tvalue
lower setxattr l/t user.u uvalue
lower mkdir m 0755
lower create m/x 0644
upper mkdir m 0755
upper mkdir m/sub 0755
lower create m/p 0644
lower setxattr m/p trusted.overlay.lowerprivate secret
lower setxattr m/p user.visible yes
lower mkdir lo 0755
lower create lo/q 0644
lower setxattr lo/q trusted.overlay.foo bar
mount

# Make d opaque: remove the lower directory and make it again.
expect 0 unlink d/f : rmdir d : mkdir d 0755
expect "" readdir d
expect y -l upper getxattr d trusted.overlay.opaque
expect ENODATA getxattr d trusted.overlay.opaque
expect "" listxattr d
expect ENODATA removexattr d trusted.overlay.opaque
expect y -l upper getxattr d trusted.overlay.opaque
expect 0 setxattr d user.mine mine
expect user.mine listxattr d
expect mine -l upper getxattr d user.mine

# A lower file in a merged directory carrying a trusted.overlay.* name: hidden too.
expect ENODATA getxattr m/p trusted.overlay.lowerprivate
expect user.visible listxattr m/p
expect yes getxattr m/p user.visible

# In 2011 only entries of a merged directory are filtered: in a lower-only directory the
# lower file's trusted.overlay.* name shows (declared deviations: today it is always hidden).
expect bar getxattr lo/q trusted.overlay.foo
expect trusted.overlay.foo listxattr lo/q

# Other trusted.* names are root's to read and write like on any filesystem.
expect tvalue getxattr l/t trusted.other
expect trusted.other,user.u listxattr l/t
expect 0 setxattr l/t trusted.new tnew
expect tnew getxattr l/t trusted.new
expect tvalue -l upper getxattr l/t trusted.other
expect uvalue -l upper getxattr l/t user.u

# The whiteout a removal leaves on the upper layer (2011: a symlink marked with
# trusted.overlay.whiteout=y; today a 0/0 character device: declared deviations).
expect 0 unlink m/x
expect ENOENT stat m/x type
expect symlink -l upper lstat m/x type
expect y -l upper lgetxattr m/x trusted.overlay.whiteout
expect p,sub readdir m

# Nobody may set or remove the overlay's names through the overlay (2011: EPERM on set;
# today's kernel differs, a declared deviation). Done last: on the kernel the set may succeed.
expect EPERM setxattr m/sub trusted.overlay.opaque y
expect EPERM setxattr m/p trusted.overlay.whiteout y
