# readlink(2) on lower, upper and merged symlinks, on links made through the overlay, on
# links that were copied up, and on things that are not links.
lower mkdir l 0755
lower create l/f 0644
lower symlink f l/rel
lower symlink ../l/f l/up
lower symlink /an/absolute/path l/abs
lower symlink rel l/hop2
lower symlink missing l/dangling
lower symlink "with space" l/spaced
lower mkdir l/d 0755
lower symlink d l/dlink
lower symlink f l/tochown
upper mkdir u 0755
upper symlink ../l/f u/ul
lower mkdir m 0755
lower symlink lower-target m/s
upper mkdir m 0755
upper symlink upper-target m/s
mount

expect f readlink l/rel
expect ../l/f readlink l/up
expect /an/absolute/path readlink l/abs
expect rel readlink l/hop2
expect missing readlink l/dangling
expect "with space" readlink l/spaced
expect d readlink l/dlink
expect ../l/f readlink u/ul
expect upper-target readlink m/s
expect lower-target -l lower readlink m/s
expect ENOENT -l upper lstat l type

# Not links: EINVAL for files and directories of every origin; ENOENT, ENOTDIR as usual.
expect EINVAL readlink l/f
expect EINVAL readlink l/d
expect EINVAL readlink l
expect EINVAL readlink u
expect EINVAL readlink m
expect EINVAL readlink .
expect ENOENT readlink l/none
expect ENOENT readlink none/x
expect ENOTDIR readlink l/f/x
expect f readlink l/dlink/../rel

# A trailing component through a link to a directory.
expect d readlink l/dlink/../dlink
expect EINVAL readlink l/dlink/

# Links made through the overlay land on the upper layer, copying the parent up.
expect 0 symlink ../u/ul l/new
expect ../u/ul readlink l/new
expect ../u/ul -l upper readlink l/new
expect symlink,7 lstat l/new type,size
expect EEXIST symlink x l/rel
expect EEXIST symlink x l/d
expect ENOENT symlink "" u/empty
expect ENOENT readlink u/empty

# lchown copies the link itself up (not its target): the copy has the same target.
expect 0 lchown l/tochown 65534 65534
expect symlink,65534,65534 lstat l/tochown type,uid,gid
expect f readlink l/tochown
expect f -l upper readlink l/tochown
expect symlink,65534 -l upper lstat l/tochown type,uid
expect regular,0,0 stat l/tochown type,uid,gid
expect ENOENT -l upper lstat l/f type
expect 0 -l lower lstat l/tochown uid
