# mount ro: reads work, every change is EROFS, nothing is copied up.
lower mkdir d 0755
lower create d/f 0644 "lower"
upper mkdir u 0755
upper create u/g 0644 "upper"
mount ro

expect "lower" open d/f O_RDONLY : read 0 10
expect "upper" open u/g O_RDONLY : read 0 10
expect EROFS open d/f O_WRONLY
expect EROFS open u/g O_RDWR
expect EROFS open d/new O_WRONLY,O_CREAT 0644
expect EROFS mkdir d/x 0755
expect EROFS unlink d/f
expect EROFS unlink u/g
expect EROFS rename u/g u/h
expect EROFS chmod d/f 0600
expect EROFS setxattr d/f user.a b
expect EROFS truncate u/g 0
expect ENOENT -l upper lstat d type
