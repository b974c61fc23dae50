# truncate(2) and ftruncate(2) on lower, upper and merged files. Truncating a lower file
# copies up only the part that survives; the lower file keeps its size.
lower mkdir l 0755
lower create l/shrink 0644 "0123456789"
lower create l/zero 0644 "0123456789"
lower create l/grow 0644 "abc"
lower create l/same 0644 "same size"
lower create l/viasym 0644 "through a link"
lower symlink viasym l/sym
lower create l/ro 0444 "read-only mode"
lower create l/fd 0644 "ftruncate me"
lower mkdir l/dir 0755
upper mkdir u 0755
upper create u/f 0644 "upper file"
lower mkdir m 0755
lower create m/f 0644 "lower version"
upper mkdir m 0755
upper create m/f 0644 "upper version"
mount

expect 0 truncate l/shrink 4
expect regular,0644,4 stat l/shrink type,mode,size
expect "0123" open l/shrink O_RDONLY : read 0 100
expect 4 -l upper lstat l/shrink size
expect 10 -l lower lstat l/shrink size
expect "0123456789" -l lower open l/shrink O_RDONLY : read 0 100
expect dir,0755 -l upper lstat l type,mode

expect 0 truncate l/zero 0
expect 0 stat l/zero size
expect "" open l/zero O_RDONLY : read 0 100

expect 0 truncate l/grow 10
expect 10 stat l/grow size
expect "abc" open l/grow O_RDONLY : read 0 3
expect 10 -l upper lstat l/grow size

expect 0 truncate l/same 9
expect "same size" open l/same O_RDONLY : read 0 100
expect regular -l upper lstat l/same type

# truncate follows a symlink and copies up its target, not the link.
expect 0 truncate l/sym 7
expect "through" open l/viasym O_RDONLY : read 0 100
expect ENOENT -l upper lstat l/sym type
expect symlink,6 lstat l/sym type,size

# Root may truncate a 0444 file; the copy keeps the mode.
expect 0 truncate l/ro 4
expect regular,0444,4 stat l/ro type,mode,size

# Errors: directories, missing names, negative sizes, a path through a file.
expect EISDIR truncate l/dir 0
expect EISDIR truncate u 0
expect EISDIR truncate . 0
expect ENOENT truncate l/none 0
expect ENOENT truncate none/x 0
expect ENOTDIR truncate l/shrink/x 0
expect EINVAL truncate l/fd -1
expect ENOENT -l upper lstat l/fd type

# ftruncate needs an fd open for writing; the fd of a copied-up file is the upper file.
expect EINVAL open l/fd O_RDONLY : ftruncate 0 3
expect ENOENT -l upper lstat l/fd type
expect 0 open l/fd O_WRONLY : ftruncate 0 9
expect "ftruncate" open l/fd O_RDONLY : read 0 100
expect 9 -l upper lstat l/fd size
expect "ftr" open l/fd O_RDWR : ftruncate 0 3 : pread 0 100 0
expect 5 open l/fd O_RDWR : ftruncate 0 0 : pwrite 0 "fresh" 0
expect "fresh" open l/fd O_RDONLY : read 0 100
expect EINVAL open l/dir O_RDONLY : ftruncate 0 0

# Upper and merged files are truncated in place.
expect 0 truncate u/f 5
expect "upper" open u/f O_RDONLY : read 0 100
expect 5 -l upper lstat u/f size
expect 0 truncate m/f 5
expect "upper" open m/f O_RDONLY : read 0 100
expect 13 -l lower lstat m/f size
expect 0 open m/f O_RDWR : ftruncate 0 1
expect 1 stat m/f size
