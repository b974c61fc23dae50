# open(2) in every mode on files that exist only on the lower layer, in a lower-only
# directory (l/) and in the merged root. Reading leaves the lower layer alone; any open for
# writing, or with O_TRUNC, copies the file up (and its parent directories with it).
lower mkdir l 0755
lower create l/r 0644 "read only"
lower create l/w 0644 "write me"
lower create l/rw 0644 "read write"
lower create l/t 0644 "truncate me"
lower create l/rt 0644 "rdonly trunc"
lower create l/a 0644 "append"
lower create l/c 0644 "creat"
lower create l/ct 0644 "creat trunc"
lower create l/cx 0644 "creat excl"
lower create l/x 0644 "excl alone"
lower create l/e 0644
lower mkdir l/sub 0750
lower create l/sub/deep 0600 "deep file"
lower create top 0640 "top level"
mount

# Plain O_RDONLY: the content, no copy-up (neither of the file nor of its directory).
expect "read only" open l/r O_RDONLY : read 0 100
expect "only" open l/r O_RDONLY : pread 0 4 5
expect regular,0644,1,9 open l/r O_RDONLY : fstat 0 type,mode,nlink,size
expect EBADF open l/r O_RDONLY : write 0 "x"
expect 0 open l/r O_RDONLY,O_CREAT 0600
expect 0 open l/r O_RDONLY,O_NONBLOCK
expect 0 open l/r O_RDONLY,O_EXCL
expect "read only" open l/r O_RDONLY,O_CREAT 0600 : read 0 100
expect ENOTDIR open l/r O_RDONLY,O_DIRECTORY
expect ENOTDIR open l/r/ O_RDONLY
expect ENOENT -l upper lstat l type
expect ENOENT -l upper lstat l/r type
expect "" open l/e O_RDONLY : read 0 10
expect "deep file" open l/sub/deep O_RDONLY : read 0 100
expect "top level" open top O_RDONLY : read 0 100
expect ENOENT -l upper lstat top type

# O_WRONLY: copied up with the lower content; the write goes to the upper copy only.
expect 2 open l/w O_WRONLY : write 0 "WR"
expect "WRite me" open l/w O_RDONLY : read 0 100
expect regular,0644,8 -l upper lstat l/w type,mode,size
expect "WRite me" -l upper open l/w O_RDONLY : read 0 100
expect "write me" -l lower open l/w O_RDONLY : read 0 100
expect dir,0755 -l upper lstat l type,mode
expect ENOENT -l upper lstat l/r type

# O_RDWR: read the lower data through the copy, then write at an offset.
expect "read write" open l/rw O_RDWR : read 0 100
expect "READ" open l/rw O_RDWR : pwrite 0 "READ" 0 : pread 0 4 0
expect "READ write" open l/rw O_RDONLY : read 0 100
expect regular -l upper lstat l/rw type

# O_TRUNC with O_WRONLY and O_RDWR: the copy starts empty.
expect 0 open l/t O_WRONLY,O_TRUNC
expect regular,0644,0 stat l/t type,mode,size
expect 0 -l upper lstat l/t size
expect 11 -l lower lstat l/t size
expect "" open l/t O_RDWR,O_TRUNC : read 0 100
expect 3 open l/t O_RDWR,O_TRUNC : write 0 "new"

# O_RDONLY|O_TRUNC truncates too (Linux), so it copies up as well.
expect 0 open l/rt O_RDONLY,O_TRUNC
expect 0 stat l/rt size
expect 0 -l upper lstat l/rt size
expect "rdonly trunc" -l lower open l/rt O_RDONLY : read 0 100

# O_APPEND: writes land after the lower content.
expect 3 open l/a O_WRONLY,O_APPEND : write 0 "ed!"
expect "appended!" open l/a O_RDONLY : read 0 100
expect 9 stat l/a size

# O_CREAT on an existing lower file opens it; for writing it is copied up, not recreated.
expect 0 open l/c O_WRONLY,O_CREAT 0600
expect regular,0644,5 stat l/c type,mode,size
expect "creat" open l/c O_RDWR,O_CREAT 0600 : read 0 100
expect regular,0644 -l upper lstat l/c type,mode
expect 0 open l/ct O_WRONLY,O_CREAT,O_TRUNC 0600
expect regular,0644,0 stat l/ct type,mode,size

# O_CREAT|O_EXCL on an existing lower file fails, in any access mode, and copies nothing up.
expect EEXIST open l/cx O_WRONLY,O_CREAT,O_EXCL 0644
expect EEXIST open l/cx O_RDONLY,O_CREAT,O_EXCL 0644
expect EEXIST open l/cx O_RDWR,O_CREAT,O_EXCL,O_TRUNC 0644
expect EEXIST open top O_WRONLY,O_CREAT,O_EXCL 0644
expect ENOENT -l upper lstat l/cx type
expect "creat excl" open l/cx O_RDONLY : read 0 100

# O_EXCL without O_CREAT is ignored for regular files.
expect 0 open l/x O_WRONLY,O_EXCL
expect "excl alone" open l/x O_RDONLY : read 0 100

# Writing a file two lower directories deep copies both directories up, keeping their modes.
expect 4 open l/sub/deep O_WRONLY : write 0 "DEEP"
expect dir,0750 -l upper lstat l/sub type,mode
expect regular,0600 -l upper lstat l/sub/deep type,mode
expect "DEEP file" open l/sub/deep O_RDONLY : read 0 100

# A top-level lower file in the merged root.
expect 3 open top O_RDWR : pwrite 0 "TOP" 0
expect "TOP level" open top O_RDONLY : read 0 100
expect regular,0640 -l upper lstat top type,mode
