# open(2) on lower-only, upper-only and merged files; what copy-up leaves on the layers.
lower mkdir a 0755
lower create a/lo 0644 "lower data"
lower create a/ro 0644 "read me"
lower mkdir m 0755
lower create m/both 0644 "from lower"
upper mkdir m 0755
upper create m/both 0644 "from upper"
upper create up 0600 "upper only"
mount

# Reading a lower-only file does not copy it up.
expect "lower data" open a/lo O_RDONLY : read 0 100
expect 0 open a/ro O_RDONLY
expect ENOENT -l upper lstat a/ro type
# A merged name shows the upper file; an upper-only one is there as it is.
expect "from upper" open m/both O_RDONLY : read 0 100
expect "upper only" open up O_RDONLY : read 0 100
expect ENOENT open a/missing O_RDONLY
expect EISDIR open a O_WRONLY
expect EACCES -u 65534 -g 65534 open up O_RDONLY

# Opening a lower file for writing copies it up; the lower layer keeps its copy.
expect "lower data" open a/lo O_RDWR : pread 0 100 0
expect regular,0644,10 -l upper lstat a/lo type,mode,size
expect 3 open a/lo O_WRONLY : pwrite 0 "LOW" 0
expect "LOWer data" open a/lo O_RDONLY : read 0 100
expect "lower data" -l lower open a/lo O_RDONLY : read 0 100
expect 0 open a/lo O_WRONLY,O_TRUNC
expect regular,0644,0 stat a/lo type,mode,size

# O_CREAT in a lower-only directory copies the directory up first.
expect 0 open a/new O_WRONLY,O_CREAT,O_EXCL 0640
expect EEXIST open a/new O_WRONLY,O_CREAT,O_EXCL 0640
expect regular,0640 stat a/new type,mode
expect dir,0755 -l upper lstat a type,mode
