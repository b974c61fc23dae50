# open(2) through symlinks: one and two hops, dangling, looping, to directories, from either
# layer to a file on either layer. Opening through a link copies up the file it reaches, never
# the link itself.
lower mkdir l 0755
lower create l/target 0644 "lower target"
lower symlink target l/one
lower symlink one l/two
lower symlink nowhere l/dangling
lower symlink nothing l/dangling2
lower symlink ../u/utarget l/tou
lower mkdir l/dir 0755
lower create l/dir/in 0644 "in dir"
lower symlink dir l/dirlink
lower symlink loop2 l/loop1
lower symlink loop1 l/loop2
lower create l/wt 0644 "write through"
lower symlink wt l/wlink
lower symlink wlink l/wlink2
lower create l/tt 0644 "trunc through"
lower symlink tt l/tlink
lower create l/at 0644 "append"
lower symlink at l/alink
lower create l/ct 0644 "creat through"
lower symlink ct l/clink
lower symlink clink l/clink2
lower create l/ut 0644 "upper link target"
upper mkdir u 0755
upper create u/utarget 0600 "upper target"
upper symlink ../l/target u/tol
upper symlink utarget u/uone
upper symlink uone u/utwo
upper symlink gone u/udangling
upper symlink ../l/ut u/tout
lower mkdir m 0755
lower create m/a 0644 "lower a"
lower create m/b 0644 "lower b"
lower symlink a m/ms
lower create m/sf 0644 "lower sf"
upper mkdir m 0755
upper symlink b m/ms
upper symlink a m/sf
mount

# One and two hops on the lower layer.
expect "lower target" open l/one O_RDONLY : read 0 100
expect "lower target" open l/two O_RDONLY : read 0 100
expect regular,0644,12 stat l/two type,mode,size
expect symlink,6 lstat l/one type,size
expect symlink,3 lstat l/two type,size
expect regular,0644,12 open l/two O_RDONLY : fstat 0 type,mode,size
expect ELOOP open l/one O_RDONLY,O_NOFOLLOW
expect ELOOP open l/two O_WRONLY,O_NOFOLLOW
expect ELOOP open l/loop1 O_RDONLY
expect ELOOP open l/loop1 O_WRONLY,O_CREAT 0644
expect ENOENT -l upper lstat l type

# Dangling: ENOENT without O_CREAT; O_CREAT makes the target (copying up the directory);
# O_CREAT|O_EXCL refuses the existing link itself.
expect ENOENT open l/dangling O_RDONLY
expect ENOENT open l/dangling O_WRONLY,O_TRUNC
expect ENOENT stat l/dangling type
expect symlink lstat l/dangling type
expect EEXIST open l/dangling2 O_WRONLY,O_CREAT,O_EXCL 0644
expect ENOENT stat l/nothing type
expect 0 open l/dangling O_WRONLY,O_CREAT 0640
expect regular,0640,0 stat l/dangling type,mode,size
expect regular,0640 lstat l/nowhere type,mode
expect regular -l upper lstat l/nowhere type
expect ENOENT -l upper lstat l/dangling type
expect nowhere readlink l/dangling

# Writing through one and two hops copies up the file only.
expect 5 open l/wlink2 O_WRONLY : write 0 "WRITE"
expect "WRITE through" open l/wlink O_RDONLY : read 0 100
expect "WRITE through" open l/wt O_RDONLY : read 0 100
expect regular,0644 -l upper lstat l/wt type,mode
expect ENOENT -l upper lstat l/wlink type
expect ENOENT -l upper lstat l/wlink2 type
expect 0 open l/tlink O_RDWR,O_TRUNC
expect 0 stat l/tt size
expect 2 lstat l/tlink size
expect 3 open l/alink O_WRONLY,O_APPEND : write 0 "ed!"
expect "appended!" open l/at O_RDONLY : read 0 100

# O_CREAT mixes through links to existing files: the file is opened (never recreated), copied
# up only for writing; O_EXCL refuses any existing link.
expect "creat through" open l/clink O_RDONLY,O_CREAT 0600 : read 0 100
expect ENOENT -l upper lstat l/ct type
expect EEXIST open l/clink O_RDONLY,O_CREAT,O_EXCL 0600
expect EEXIST open l/clink2 O_WRONLY,O_CREAT,O_EXCL,O_TRUNC 0600
expect EEXIST open u/uone O_RDWR,O_CREAT,O_EXCL 0600
expect 5 open l/clink2 O_WRONLY,O_CREAT 0600 : write 0 "CREAT"
expect "CREAT through" open l/ct O_RDONLY : read 0 100
expect regular,0644 stat l/clink2 type,mode
expect 0 open l/clink O_RDWR,O_CREAT,O_TRUNC 0600
expect regular,0644,0 stat l/ct type,mode,size
expect 0 open u/tout O_WRONLY,O_TRUNC
expect regular,0 -l upper lstat l/ut type,size
expect 17 -l lower lstat l/ut size
expect symlink,7 -l upper lstat u/tout type,size

# A symlink to a directory.
expect 0 open l/dirlink O_RDONLY,O_DIRECTORY
expect EISDIR open l/dirlink O_WRONLY
expect EISDIR open l/dirlink O_RDWR,O_CREAT 0644
expect dir,0755 stat l/dirlink type,mode
expect in readdir l/dirlink
expect "in dir" open l/dirlink/in O_RDONLY : read 0 100
expect 0 open l/dirlink/new O_WRONLY,O_CREAT,O_EXCL 0600
expect in,new readdir l/dir

# Links between the layers: from the lower layer to an upper file, and back.
expect "upper target" open l/tou O_RDONLY : read 0 100
expect "lower target" open u/tol O_RDONLY : read 0 100
expect "upper target" open u/utwo O_RDONLY : read 0 100
expect "upper target" open u/uone O_RDONLY : read 0 100
expect ELOOP open u/utwo O_RDONLY,O_NOFOLLOW
expect ENOENT open u/udangling O_RDWR
expect 0 open u/udangling O_RDWR,O_CREAT 0604
expect regular,0604 -l upper lstat u/gone type,mode
expect 2 open l/tou O_WRONLY : write 0 "UP"
expect "UPper target" open u/utarget O_RDONLY : read 0 100
expect 5 open u/tol O_WRONLY : write 0 "LOWER"
expect "LOWER target" open l/one O_RDONLY : read 0 100
expect regular -l upper lstat l/target type
expect "lower target" -l lower open l/target O_RDONLY : read 0 100

# Merged names: an upper link hides the lower link or file of the same name.
expect "lower b" open m/ms O_RDONLY : read 0 100
expect b readlink m/ms
expect "lower a" open m/sf O_RDONLY : read 0 100
expect symlink lstat m/sf type
expect 2 open m/sf O_WRONLY : write 0 "LO"
expect "LOwer a" open m/a O_RDONLY : read 0 100
expect "lower sf" -l lower open m/sf O_RDONLY : read 0 100
