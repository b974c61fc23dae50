# open(2) in every mode on files that exist only on the upper layer: in an upper-only
# directory (u/), in the merged root, and in a merged directory (m/). The overlay passes
# the open straight to the upper file; the lower layer never sees anything.
upper mkdir u 0755
upper create u/r 0644 "upper read"
upper create u/w 0600 "upper write"
upper create u/t 0644 "upper trunc"
upper create u/a 0644 "upper"
upper create u/c 0640 "upper creat"
upper create u/cx 0644 "upper excl"
upper create utop 0604 "upper top"
lower mkdir m 0755
lower create m/lowfile 0644 "lower"
upper mkdir m 0755
upper create m/upfile 0644 "only on upper"
mount

expect "upper read" open u/r O_RDONLY : read 0 100
expect regular,0644,1,10 open u/r O_RDONLY : fstat 0 type,mode,nlink,size
expect EBADF open u/r O_RDONLY : write 0 "x"
expect ENOTDIR open u/r O_RDONLY,O_DIRECTORY
expect ENOTDIR open u/r/x O_RDONLY
expect 0 open u/r O_RDONLY,O_CREAT 0600
expect "upper top" open utop O_RDONLY : read 0 100
expect "only on upper" open m/upfile O_RDONLY : read 0 100
expect ENOENT -l lower lstat u type

expect 5 open u/w O_WRONLY : write 0 "UPPER"
expect "UPPER write" open u/w O_RDONLY : read 0 100
expect "UPPER write" -l upper open u/w O_RDONLY : read 0 100
expect "UPPER" open u/w O_RDWR : read 0 5
expect "XPPER write" open u/w O_RDWR : pwrite 0 "X" 0 : pread 0 100 0
expect EBADF open u/w O_WRONLY : read 0 1

expect 0 open u/t O_WRONLY,O_TRUNC
expect 0 stat u/t size
expect 2 open u/t O_RDWR,O_TRUNC : write 0 "ab"
expect "ab" open u/t O_RDONLY : read 0 100
expect 0 open u/t O_RDONLY,O_TRUNC
expect 0 stat u/t size

expect 4 open u/a O_WRONLY,O_APPEND : write 0 " app"
expect 4 open u/a O_RDWR,O_APPEND : pwrite 0 "!end" 0
expect "upper app!end" open u/a O_RDONLY : read 0 100

expect 0 open u/c O_WRONLY,O_CREAT 0600
expect regular,0640,11 stat u/c type,mode,size
expect 0 open u/c O_WRONLY,O_CREAT,O_TRUNC 0600
expect regular,0640,0 stat u/c type,mode,size

expect EEXIST open u/cx O_WRONLY,O_CREAT,O_EXCL 0644
expect EEXIST open u/cx O_RDONLY,O_CREAT,O_EXCL 0644
expect EEXIST open utop O_RDWR,O_CREAT,O_EXCL 0644
expect EEXIST open m/upfile O_RDWR,O_CREAT,O_EXCL,O_TRUNC 0644
expect "upper excl" open u/cx O_RDONLY : read 0 100

expect 0 open m/upfile O_WRONLY,O_TRUNC
expect "" open m/upfile O_RDONLY : read 0 100
expect lowfile,upfile readdir m
expect ENOENT -l lower lstat m/upfile type
