# Extended attributes (user.*) on lower, upper and merged files and directories: reading never
# copies up, setting and removing do; XATTR_CREATE/REPLACE; symlinks; permissions (for the
# overlay's own trusted.overlay.* names see 71-xattr-private.fst).
lower mkdir l 0755
lower create l/f 0644 "f"
lower setxattr l/f user.one 1
lower setxattr l/f user.two "second value"
lower create l/g 0644
lower setxattr l/g user.k v
lower create l/plain 0644
lower create l/rm 0644
lower setxattr l/rm user.a a
lower setxattr l/rm user.b b
lower create l/ro 0644
lower setxattr l/ro user.r r
lower mkdir l/d 0755
lower setxattr l/d user.dir dirvalue
lower symlink f l/sym
upper mkdir u 0755
upper create u/f 0644
upper setxattr u/f user.up upvalue
lower mkdir m 0755
lower setxattr m user.lowerdir lower
upper mkdir m 0755
upper setxattr m user.upperdir upper
lower create m/f 0644
lower setxattr m/f user.hidden lower
upper create m/f 0644
upper setxattr m/f user.shown upper
mount

# Reading lower xattrs: values and lists, no copy-up.
expect 1 getxattr l/f user.one
expect "second value" getxattr l/f user.two
expect user.one,user.two listxattr l/f
expect ENODATA getxattr l/f user.none
expect "" listxattr l/plain
expect dirvalue getxattr l/d user.dir
expect user.dir listxattr l/d
expect 1 getxattr l/sym user.one
expect ENOENT -l upper lstat l type
expect ENOENT getxattr l/none user.one
expect ENOTDIR getxattr l/f/x user.one

# Upper and merged: the upper object's xattrs only.
expect upvalue getxattr u/f user.up
expect user.up listxattr u/f
expect upper getxattr m user.upperdir
expect ENODATA getxattr m user.lowerdir
expect user.upperdir listxattr m
expect upper getxattr m/f user.shown
expect ENODATA getxattr m/f user.hidden
expect user.shown listxattr m/f

# Setting one copies the file up with its other xattrs; the lower file keeps its own.
expect 0 setxattr l/g user.new new
expect new getxattr l/g user.new
expect v getxattr l/g user.k
expect user.k,user.new listxattr l/g
expect new -l upper getxattr l/g user.new
expect v -l upper getxattr l/g user.k
expect user.k -l lower listxattr l/g
expect 0 setxattr l/g user.k changed
expect changed getxattr l/g user.k
expect v -l lower getxattr l/g user.k

# XATTR_CREATE and XATTR_REPLACE, on lower and upper files. The lower file is copied up before
# the flag is checked, so even a refused setxattr leaves a copy.
expect EEXIST setxattr l/f user.one x XATTR_CREATE
expect ENODATA setxattr l/f user.none x XATTR_REPLACE
expect regular -l upper lstat l/f type
expect 0 setxattr l/f user.one replaced XATTR_REPLACE
expect replaced getxattr l/f user.one
expect 0 setxattr l/f user.three 3 XATTR_CREATE
expect user.one,user.three,user.two listxattr l/f
expect EEXIST setxattr u/f user.up x XATTR_CREATE
expect ENODATA setxattr u/f user.none x XATTR_REPLACE
expect 0 setxattr u/f user.up v2 XATTR_REPLACE
expect v2 getxattr u/f user.up

# Removing: a missing name is ENODATA without copy-up; a present one copies up first.
expect ENODATA removexattr l/rm user.none
expect ENOENT -l upper lstat l/rm type
expect 0 removexattr l/rm user.a
expect ENODATA getxattr l/rm user.a
expect user.b listxattr l/rm
expect b -l upper getxattr l/rm user.b
expect ENODATA -l upper getxattr l/rm user.a
expect user.a,user.b -l lower listxattr l/rm
expect 0 removexattr m user.upperdir
expect "" listxattr m
expect 0 removexattr u/f user.up
expect ENODATA removexattr u/f user.up

# Directories: setting copies the directory up.
expect 0 setxattr l/d user.more more
expect dir -l upper lstat l/d type
expect user.dir,user.more listxattr l/d
expect dirvalue getxattr l/d user.dir

# Symlinks: setxattr follows to the file; user.* on the link itself is refused.
expect EPERM lsetxattr l/sym user.x x
expect 0 setxattr l/sym user.via vialink
expect vialink getxattr l/f user.via
expect "" llistxattr l/sym
# Reading a user.* name of a symlink itself: EPERM in 2.6.38's xattr_permission() (later kernels
# answer ENODATA for reads: a declared deviation).
expect EPERM lgetxattr l/sym user.one

# Permissions for uid 65534: reading needs r, writing needs w on the real file.
expect r -u 65534 -g 65534 getxattr l/ro user.r
expect user.r -u 65534 -g 65534 listxattr l/ro
expect EACCES -u 65534 -g 65534 setxattr l/ro user.r x
expect EACCES -u 65534 -g 65534 removexattr l/ro user.r
expect ENOENT -l upper lstat l/ro type
expect r getxattr l/ro user.r
# trusted.* needs CAP_SYS_ADMIN: EPERM in 2.6.38 for reads too (later kernels: ENODATA for
# reads, a declared deviation).
expect EPERM -u 65534 -g 65534 getxattr l/ro trusted.x
expect EPERM -u 65534 -g 65534 setxattr l/ro trusted.x x
