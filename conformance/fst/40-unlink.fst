# unlink(2) of lower, upper and merged files and symlinks; what stays on the lower layer;
# recreating a removed name; the errors.
lower mkdir l 0755
lower create l/f 0644 "lower f"
lower create l/g 0644 "lower g"
lower symlink f l/link
lower symlink nowhere l/dangling
lower mkdir l/d 0755
lower mkdir l/deep 0755
lower mkdir l/deep/er 0755
lower create l/deep/er/x 0644
lower create top 0644 "top"
upper mkdir u 0755
upper create u/f 0644
upper symlink f u/link
lower mkdir m 0755
lower create m/both 0644 "lower both"
lower create m/lonly 0644
upper mkdir m 0755
upper create m/both 0644 "upper both"
upper create m/uonly 0644
mount

# A lower file: gone from the overlay, still on the lower layer; the parent is copied up.
expect 0 unlink l/f
expect ENOENT stat l/f type
expect ENOENT lstat l/f type
expect ENOENT open l/f O_RDONLY
expect ENOENT unlink l/f
expect d,dangling,deep,g,link readdir l
expect "lower f" -l lower open l/f O_RDONLY : read 0 100
expect dir,0755 -l upper lstat l type,mode
expect f -l upper readdir l

# A link to it now dangles; removing a link leaves its target.
expect ENOENT stat l/link type
expect symlink lstat l/link type
expect 0 unlink l/link
expect ENOENT lstat l/link type
expect 0 unlink l/dangling
expect d,deep,g readdir l

# Recreating a removed name makes a new file: no trace of the lower content.
expect 0 create l/f 0600 "new"
expect regular,0600,3 stat l/f type,mode,size
expect "new" open l/f O_RDONLY : read 0 100
expect 0 unlink l/f
expect ENOENT stat l/f type
expect 0 open l/f O_WRONLY,O_CREAT,O_EXCL 0644
expect 0 stat l/f size

# Deep inside lower-only directories.
expect 0 unlink l/deep/er/x
expect "" readdir l/deep/er
expect dir -l upper lstat l/deep/er type

# Upper-only: removed outright.
expect 0 unlink u/link
expect regular stat u/f type
expect 0 unlink u/f
expect "" readdir u
expect "" -l upper readdir u
expect ENOENT unlink u/f

# Merged: an upper file over a lower one; removing it does not uncover the lower one.
expect "upper both" open m/both O_RDONLY : read 0 100
expect 0 unlink m/both
expect ENOENT stat m/both type
expect ENOENT open m/both O_RDONLY
expect 0 unlink m/lonly
expect 0 unlink m/uonly
expect "" readdir m
expect both,lonly -l upper readdir m
expect both,lonly -l lower readdir m
expect 0 unlink top
expect ENOENT stat top type

# Errors.
expect EISDIR unlink l/d
expect EISDIR unlink u
expect EISDIR unlink m
expect ENOENT unlink none
expect ENOENT unlink none/x
expect ENOTDIR unlink l/g/
expect ENOTDIR unlink l/g/x
expect regular stat l/g type
