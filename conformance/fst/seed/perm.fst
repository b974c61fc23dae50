# Permission checks for an unprivileged user on lower, upper and merged objects; -g and -U.
lower mkdir priv 0700
lower create priv/f 0644 "secret"
lower mkdir pub 0755
lower create pub/g 0640 "group"
lower chown pub/g 0 100
lower mkdir sticky 01777
upper mkdir pub 0755
upper create pub/u 0600 "upper"
mount

expect EACCES -u 65534 -g 65534 open priv/f O_RDONLY
expect EACCES -u 65534 -g 65534 readdir priv
expect EACCES -u 65534 -g 65534 open pub/g O_RDONLY
expect "group" -u 65534 -g 65534,100 open pub/g O_RDONLY : read 0 10
expect EACCES -u 65534 -g 65534,100 open pub/g O_WRONLY
expect EACCES -u 65534 -g 65534 open pub/u O_RDONLY
expect EACCES -u 65534 -g 65534 mkdir pub/x 0755
expect EPERM -u 1000 -g 1000 chmod pub 0777
# New objects belong to the caller, with the caller's umask.
expect 0 -u 65534 -g 65534 -U 022 mkdir sticky/mine 0777
expect dir,0755,65534,65534 stat sticky/mine type,mode,uid,gid
expect 0 -u 65534 -g 65534 -U 077 create sticky/mine/f 0666
expect regular,0600,65534,65534 stat sticky/mine/f type,mode,uid,gid
# The sticky bit: another user may not remove them.
expect EACCES|EPERM -u 1000 -g 1000 rmdir sticky/mine
expect 0 -u 65534 -g 65534 unlink sticky/mine/f
