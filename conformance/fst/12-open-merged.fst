# open(2) on names present on both layers. A non-directory on the upper layer hides the lower
# object of the same name entirely (whatever its type); the lower copy is never read again.
lower mkdir m 0755
lower create m/f 0644 "lower f"
lower create m/g 0644 "lower g"
lower create m/h 0644 "lower h"
lower create m/i 0600 "lower i"
lower mkdir m/wasdir 0755
lower create m/wasdir/inside 0644
lower create m/wasfile 0644 "a lower file"
upper mkdir m 0755
upper create m/f 0640 "upper f"
upper create m/g 0644 "upper g"
upper create m/h 0644 "upper h"
upper create m/i 0644 "upper i"
upper create m/wasdir 0644 "upper file over a lower dir"
upper mkdir m/wasfile 0755
lower create both 0644 "lower both"
upper create both 0600 "upper both"
mount

expect "upper f" open m/f O_RDONLY : read 0 100
expect regular,0640,7 stat m/f type,mode,size
expect regular,0640,7 open m/f O_RDONLY : fstat 0 type,mode,size
expect "upper both" open both O_RDONLY : read 0 100
expect regular,0600 stat both type,mode
expect "lower both" -l lower open both O_RDONLY : read 0 100

expect 1 open m/g O_WRONLY : write 0 "U"
expect "Upper g" open m/g O_RDONLY : read 0 100
expect "lower g" -l lower open m/g O_RDONLY : read 0 100
expect "upper gG" open m/g O_RDWR : pwrite 0 "u" 0 : pwrite 0 "G" 7 : pread 0 100 0

expect 0 open m/h O_WRONLY,O_TRUNC
expect 0 stat m/h size
expect 0 open m/h O_WRONLY,O_CREAT 0600
expect 0 open m/h O_RDWR,O_CREAT,O_TRUNC 0600
expect EEXIST open m/h O_WRONLY,O_CREAT,O_EXCL 0600
expect EEXIST open both O_RDONLY,O_CREAT,O_EXCL 0600
expect 7 stat m/i size
expect 5 open m/i O_WRONLY,O_APPEND : write 0 " more"
expect "upper i more" open m/i O_RDONLY : read 0 100

# A file over a lower directory: the directory is gone, its entries too.
expect "upper file over a lower dir" open m/wasdir O_RDONLY : read 0 100
expect ENOTDIR open m/wasdir O_RDONLY,O_DIRECTORY
expect ENOTDIR open m/wasdir/inside O_RDONLY
expect regular,0644 stat m/wasdir type,mode
expect 0 open m/wasdir O_RDWR
# A directory over a lower file: no file content shows through.
expect EISDIR open m/wasfile O_RDWR
expect 0 open m/wasfile O_RDONLY,O_DIRECTORY
expect "" readdir m/wasfile
expect dir,0755 stat m/wasfile type,mode

# The merged directory lists each name once.
expect f,g,h,i,wasdir,wasfile readdir m
expect both,m readdir .
