# Many renames in a row: a lower file walked through a chain of names and directories and
# back to where it started (landing on its own whiteout), upper directories moved back and
# forth, names swapped through a temporary, all checked against the untouched lower layer.
lower mkdir a 0755
lower mkdir b 0755
lower mkdir c 0755
lower create a/f 0644 "the lower file"
lower create a/g 0644 "g"
lower create a/h 0644 "h"
lower create b/x 0600 "x"
lower create b/y 0600 "y"
lower mkdir r 0755
lower create r/x 0644 "x"
lower create r/y 0644 "y"
upper mkdir u 0755
upper mkdir u/d 0755
upper create u/d/in 0644 "in d"
upper mkdir v 0755
mount

# One name after another in one directory, then across directories, then home again.
expect 0 rename a/f a/f1 : rename a/f1 a/f2 : rename a/f2 a/f3 : rename a/f3 a/f4
expect "the lower file" open a/f4 O_RDONLY : read 0 100
expect f4,g,h readdir a
expect 0 rename a/f4 b/f5
expect 0 rename b/f5 c/f6
expect 0 rename c/f6 u/f7
expect 0 rename u/f7 v/f8
expect 0 rename v/f8 c/f9
expect "the lower file" open c/f9 O_RDONLY : read 0 100
expect f9 readdir c
expect g,h readdir a
expect x,y readdir b
expect d readdir u
expect "" readdir v
expect 0 rename c/f9 a/f
expect "the lower file" open a/f O_RDONLY : read 0 100
expect regular,0644,14 stat a/f type,mode,size
expect f,g,h readdir a
expect "" readdir c
expect f,g,h -l lower readdir a
expect "" -l lower readdir c

# Several renames on one line: rotate three lower files through a temporary name.
expect 0 rename a/f a/tmp : rename a/g a/f : rename a/h a/g : rename a/tmp a/h
expect "g" open a/f O_RDONLY : read 0 100
expect "h" open a/g O_RDONLY : read 0 100
expect "the lower file" open a/h O_RDONLY : read 0 100
expect f,g,h readdir a
expect "the lower file" -l lower open a/f O_RDONLY : read 0 100

# Swap two lower files twice: back to the start.
expect 0 rename b/x b/t : rename b/y b/x : rename b/t b/y
expect "y" open b/x O_RDONLY : read 0 100
expect 0 rename b/x b/t : rename b/y b/x : rename b/t b/y
expect "x" open b/x O_RDONLY : read 0 100
expect "y" open b/y O_RDONLY : read 0 100
expect x,y readdir b

# An upper directory moved back and forth between directories of every origin.
expect 0 rename u/d v/d
expect 0 rename v/d a/d
expect 0 rename a/d b/d
expect 0 rename b/d c/d2
expect 0 rename c/d2 d3
expect 0 rename d3 u/d
expect in readdir u/d
expect "in d" open u/d/in O_RDONLY : read 0 100
expect d readdir u
expect f,g,h readdir a
expect x,y readdir b
expect "" readdir c
expect a,b,c,r,u,v readdir .

# Ten renames of one lower file within its directory, on one line, and one more file after.
expect 0 rename a/g a/1 : rename a/1 a/2 : rename a/2 a/3 : rename a/3 a/4 : rename a/4 a/5 : rename a/5 a/6 : rename a/6 a/7 : rename a/7 a/8 : rename a/8 a/9 : rename a/9 a/g
expect "h" open a/g O_RDONLY : read 0 100
expect f,g,h readdir a

# 2011 quirk (a declared deviation on today's kernel): ovl_rename() whites out the old name only
# when the moved dentry is not pure upper or is opaque, both decided when the dentry was looked
# up. f, g and h are now dentries that an earlier rename moved onto those names (upper, not
# opaque), so moving them away leaves no whiteout, and the lower f, g and h show again.
expect 0 rename a/f a/1 : rename a/h a/2 : rename a/g a/3
expect 1,2,3,f,g,h readdir a
expect "g" open a/1 O_RDONLY : read 0 100
expect "the lower file" open a/2 O_RDONLY : read 0 100
expect "h" open a/3 O_RDONLY : read 0 100
expect f,g,h -l lower readdir a
expect "the lower file" open a/f O_RDONLY : pread 0 100 0

# The same in three steps: there and back, then away again.
expect 0 rename r/x r/x2
expect 0 rename r/x2 r/x
expect 0 rename r/x r/x3
expect x,x3,y readdir r
expect "x" open r/x O_RDONLY : pread 0 100 0
expect "x" open r/x3 O_RDONLY : read 0 100
