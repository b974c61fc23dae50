# link(2): hard links to lower files (copied up first), upper and merged files, symlinks
# (the link itself, not its target); EPERM for directories; the usual errors. Lower files that
# are hard links of each other come apart once one of them is copied up.
lower mkdir l 0755
lower create l/f 0644 "lower f"
lower create l/g 0600 "lower g"
lower symlink f l/sym
lower symlink nowhere l/dangling
lower mkdir l/d 0755
lower create l/h1 0644 "shared"
lower link l/h1 l/h2
lower create l/gone 0644
upper mkdir u 0755
upper create u/f 0644 "upper f"
upper symlink f u/sym
lower mkdir m 0755
lower create m/f 0644 "lower m"
upper mkdir m 0755
upper create m/f 0644 "upper m"
upper mkdir ud 0755
mount

# A lower file: copied up, then linked on the upper layer; both names share one inode.
expect regular,1 stat l/f type,nlink
expect 0 link l/f l/f2
expect regular,0644,2 stat l/f type,mode,nlink
expect regular,0644,2 stat l/f2 type,mode,nlink
expect "lower f" open l/f2 O_RDONLY : read 0 100
expect 2 -l upper lstat l/f nlink
expect 2 -l upper lstat l/f2 nlink
expect 1 -l lower lstat l/f nlink
expect ENOENT -l lower lstat l/f2 type
expect 5 open l/f2 O_WRONLY : write 0 "LOWER"
expect "LOWER f" open l/f O_RDONLY : read 0 100
expect 0 link l/f ud/f3
expect 3 stat l/f2 nlink
expect "LOWER f" open ud/f3 O_RDONLY : read 0 100

# Linking into a lower-only directory copies that directory up.
expect 0 link u/f l/d/uf
expect regular,2 stat l/d/uf type,nlink
expect dir,0755 -l upper lstat l/d type,mode
expect 2 stat u/f nlink
expect "upper f" open l/d/uf O_RDONLY : read 0 100
expect 0 unlink u/f
expect 1 stat l/d/uf nlink
expect "upper f" open l/d/uf O_RDONLY : read 0 100

# A merged file: the upper one is linked.
expect 0 link m/f m/f2
expect "upper m" open m/f2 O_RDONLY : read 0 100
expect 2 stat m/f nlink

# Symlinks: link(2) does not follow, it links the symlink itself.
expect 0 link l/sym l/sym2
expect symlink,2 lstat l/sym2 type,nlink
expect f readlink l/sym2
expect "LOWER f" open l/sym2 O_RDONLY : read 0 100
expect symlink,2 -l upper lstat l/sym type,nlink
expect 0 link l/dangling ud/dangling2
expect nowhere readlink ud/dangling2
expect 0 link u/sym ud/usym
expect symlink,2 lstat u/sym type,nlink

# Lower hard links: one inode below; copy-up of one name does not carry the other along.
expect 2 stat l/h1 nlink
expect 2 stat l/h2 nlink
expect 3 open l/h1 O_WRONLY : write 0 "SHA"
expect "SHAred" open l/h1 O_RDONLY : read 0 100
expect "shared" open l/h2 O_RDONLY : read 0 100
expect 1 stat l/h1 nlink
expect 2 stat l/h2 nlink

# Over a whited-out name.
expect 0 unlink l/gone
expect 0 link l/g l/gone
expect "lower g" open l/gone O_RDONLY : read 0 100
expect regular,0600,2 stat l/gone type,mode,nlink

# Directories: EPERM, whatever their origin.
expect EPERM link l/d l/d2
expect EPERM link ud ud2
expect EPERM link m m2
expect EPERM link . dot
expect ENOENT stat l/d2 type

# Errors.
expect EEXIST link l/f l/g
expect EEXIST link l/g m/f
expect EEXIST link l/f l/sym
expect EEXIST link l/f l/d
expect EEXIST link u/sym ud
expect ENOENT link l/none l/x
expect ENOENT link l/f none/x
expect ENOTDIR link l/f l/g/x
expect ENOTDIR link l/f2/ l/x
expect "LOWER f" open l/f O_RDONLY : read 0 100
