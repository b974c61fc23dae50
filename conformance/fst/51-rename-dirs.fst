# rename(2) of directories. Pure upper directories (made through the overlay, or only on the
# upper layer) move like on any filesystem; a directory with anything on the lower layer (lower
# or merged) gives EXDEV (no redirects in 2011; redirect_dir=off on the kernel). The VFS checks
# (into itself: EINVAL; over an ancestor: ENOTEMPTY; dir over file: ENOTDIR) come first.
lower mkdir ld 0755
lower create ld/f 0644
lower mkdir ld/sub 0755
lower mkdir lempty 0755
lower mkdir lfull 0755
lower create lfull/x 0644
lower mkdir md 0755
lower create md/lf 0644
upper mkdir md 0755
upper create md/uf 0644
lower mkdir mwo 0755
lower create mwo/gone 0644
upper mkdir mwo 0755
upper mkdir ud 0755
upper create ud/a 0644 "ud/a"
upper mkdir ud/inner 0700
upper create ud/inner/b 0600 "ud/inner/b"
upper mkdir uempty 0755
upper mkdir ufull 0755
upper create ufull/z 0644
lower create lfile 0644
mount

# Lower and merged directories: EXDEV, wherever they would go, nothing changes.
expect EXDEV rename ld ld2
expect EXDEV rename ld ud/ld
expect EXDEV rename lempty lempty2
expect EXDEV rename ld/sub ld/sub2
expect EXDEV rename md md2
expect EXDEV rename md ud/md
expect EXDEV rename mwo mwo2
expect f,sub readdir ld
expect ENOENT stat ld2 type
expect ENOENT stat md2 type
expect ENOENT -l upper lstat ld type
expect EXDEV rename ld uempty
expect dir stat uempty type

# A populated upper-only directory moves with its contents.
expect 0 rename ud ud2
expect ENOENT stat ud type
expect a,inner readdir ud2
expect "ud/inner/b" open ud2/inner/b O_RDONLY : read 0 100
expect dir,0700 stat ud2/inner type,mode
expect a,inner -l upper readdir ud2
expect 0 rename ud2/inner ud2/inner2
expect a,inner2 readdir ud2

# A new directory made through the overlay, moved around, also into a lower-only directory
# (which is copied up first) and into a merged one.
expect 0 mkdir new 0750 : create new/file 0644 "new file"
expect 0 rename new new2
expect file readdir new2
expect dir,0750 stat new2 type,mode
expect 0 rename new2 ld/new3
expect dir -l upper lstat ld type
expect f,new3,sub readdir ld
expect "new file" open ld/new3/file O_RDONLY : read 0 100
expect 0 rename ld/new3 md/new4
expect lf,new4,uf readdir md
expect 0 rename md/new4 new
expect file readdir new

# Over existing directories: empty ones of any origin are replaced; non-empty ones refuse.
expect 0 rename new uempty
expect file readdir uempty
expect ENOENT stat new type
expect ENOTEMPTY rename uempty ufull
expect ENOTEMPTY rename uempty lfull
expect ENOTEMPTY rename uempty md
expect 0 rename uempty lempty
expect file readdir lempty
expect "new file" open lempty/file O_RDONLY : read 0 100
expect ENOENT stat uempty type
expect ENOTEMPTY rename lempty mwo
expect 0 unlink mwo/gone
expect "" readdir mwo
expect 0 rename lempty mwo
expect file readdir mwo
expect ENOENT stat lempty type
expect ENOENT stat mwo/gone type

# A directory made again where a lower one was removed holds nothing lower: it may move.
expect 0 unlink lfull/x : rmdir lfull
expect 0 mkdir lfull 0755 : create lfull/y 0644
expect 0 rename lfull lfull2
expect y readdir lfull2
expect ENOENT stat lfull type
expect ENOENT open lfull/x O_RDONLY

# Into itself: EINVAL, even for lower directories (the VFS checks first).
expect EINVAL rename mwo mwo/sub
expect EINVAL rename ud2 ud2/inner2/deeper
expect EINVAL rename ld ld/sub/x
expect EINVAL rename md md/x

# Over an ancestor: ENOTEMPTY.
expect ENOTEMPTY rename ud2/inner2 ud2
expect ENOTEMPTY rename ld/sub ld
expect ENOTEMPTY rename md/uf md
expect EBUSY rename ud2/a .

# Directory over a non-directory and the other way round.
expect ENOTDIR rename ud2 lfile
expect ENOTDIR rename ld lfile
expect EISDIR rename lfile ud2
expect ENOENT rename none ud2
expect ENOTDIR rename lfile/ ud2

# Renaming a directory onto itself does nothing, whatever its origin.
expect 0 rename ld ld
expect 0 rename md md
expect 0 rename ud2 ud2
expect a,inner2 readdir ud2
expect f,sub readdir ld
expect ld,lfile,lfull2,md,mwo,ud2,ufull readdir .
