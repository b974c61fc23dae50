# Permission checks for an unprivileged user (uid and gid 65534, no capabilities) on lower,
# upper and merged objects. The overlay checks the real (upper, else lower) inode's mode and
# owner; a denied open, truncate or create copies nothing up. (A refused chmod or chown may:
# 2011's ovl_setattr() copies up before the upper filesystem refuses; not checked here.)
lower mkdir l 0755
lower create l/pub 0644 "public"
lower create l/priv 0600 "private"
lower create l/mine 0644 "mine"
lower chown l/mine 65534 65534
lower create l/all 0666 "everyone"
lower create l/grp 0660 "group"
lower chown l/grp 0 65534
lower mkdir l/closed 0700
lower create l/closed/f 0644 "closed"
lower mkdir l/search 0711
lower create l/search/f 0644 "searchable"
lower mkdir l/open 0777
lower create l/open/rootfile 0644 "root's"
lower mkdir l/nobody 0755
lower chown l/nobody 65534 65534
lower symlink pub l/sym
upper mkdir u 0755
upper create u/pub 0644 "upper public"
upper create u/priv 0600 "upper private"
upper mkdir u/open 0777
upper create u/open/rootfile 0644
upper mkdir u/closed 0700
lower mkdir m 0755
lower create m/f 0600 "lower m"
upper mkdir m 0755
upper create m/f 0644 "upper m"
mount

# Reading: by the mode of the real file; directories need x to pass and r to list.
expect "public" -u 65534 -g 65534 open l/pub O_RDONLY : read 0 100
expect EACCES -u 65534 -g 65534 open l/priv O_RDONLY
expect "upper public" -u 65534 -g 65534 open u/pub O_RDONLY : read 0 100
expect EACCES -u 65534 -g 65534 open u/priv O_RDONLY
expect "upper m" -u 65534 -g 65534 open m/f O_RDONLY : read 0 100
expect "group" -u 65534 -g 65534 open l/grp O_RDONLY : read 0 100
expect EACCES -u 65534 -g 65534 stat l/closed/f type
expect EACCES -u 65534 -g 65534 open l/closed O_RDONLY
expect EACCES -u 65534 -g 65534 readdir l/closed
expect EACCES -u 65534 -g 65534 readdir u/closed
expect "searchable" -u 65534 -g 65534 open l/search/f O_RDONLY : read 0 100
expect EACCES -u 65534 -g 65534 readdir l/search
expect "public" -u 65534 -g 65534 open l/sym O_RDONLY : read 0 100

# Writing a file: denied without w; no copy-up happens.
expect EACCES -u 65534 -g 65534 open l/pub O_WRONLY
expect EACCES -u 65534 -g 65534 open l/pub O_RDWR
expect EACCES -u 65534 -g 65534 open l/pub O_RDONLY,O_TRUNC
expect EACCES -u 65534 -g 65534 open l/sym O_WRONLY
expect EACCES -u 65534 -g 65534 truncate l/pub 0
expect EACCES -u 65534 -g 65534 open u/pub O_WRONLY
expect EACCES -u 65534 -g 65534 truncate u/pub 1
expect ENOENT -l upper lstat l type
expect 6 stat l/pub size

# Writing is allowed by the mode; the copy keeps the lower owner, whoever wrote.
expect 2 -u 65534 -g 65534 open l/all O_WRONLY : write 0 "EV"
expect "EVeryone" open l/all O_RDONLY : read 0 100
expect regular,0666,0,0 -l upper lstat l/all type,mode,uid,gid
expect 2 -u 65534 -g 65534 open l/mine O_RDWR : write 0 "MI"
expect regular,0644,65534,65534 -l upper lstat l/mine type,mode,uid,gid
expect 0 -u 65534 -g 65534 truncate l/grp 2
expect "gr" open l/grp O_RDONLY : read 0 100
expect 0,65534 -l upper lstat l/grp uid,gid

# Creating and removing entries: w and x on the directory.
expect EACCES -u 65534 -g 65534 open l/new O_WRONLY,O_CREAT 0644
expect EACCES -u 65534 -g 65534 mkdir l/newdir 0755
expect EACCES -u 65534 -g 65534 symlink x l/newlink
expect EACCES -u 65534 -g 65534 unlink l/pub
expect EACCES -u 65534 -g 65534 rename l/pub l/pub2
expect EACCES -u 65534 -g 65534 link l/mine l/mine2
expect EACCES -u 65534 -g 65534 open u/new O_WRONLY,O_CREAT 0644
expect EACCES -u 65534 -g 65534 unlink u/pub
expect EACCES -u 65534 -g 65534 unlink m/f
expect EACCES -u 65534 -g 65534 mkdir m/newdir 0755
expect EACCES -u 65534 -g 65534 rmdir l/closed
expect regular stat l/pub type
expect regular stat u/pub type

# In a lower directory anyone may write (0777): creations belong to the creator.
expect 0 -u 65534 -g 65534 open l/open/nf O_WRONLY,O_CREAT,O_EXCL 0640
expect regular,0640,65534,65534 stat l/open/nf type,mode,uid,gid
expect dir,0777,0,0 -l upper lstat l/open type,mode,uid,gid
expect 0 -u 65534 -g 65534 mkdir l/open/nd 0700
expect dir,0700,65534,65534 stat l/open/nd type,mode,uid,gid
expect 0 -u 65534 -g 65534 unlink l/open/rootfile
expect ENOENT stat l/open/rootfile type
expect 0 -u 65534 -g 65534 open u/open/nf O_WRONLY,O_CREAT 0600
expect 65534 -l upper lstat u/open/nf uid
expect 0 -u 65534 -g 65534 rename u/open/rootfile u/open/moved
expect 0 -u 65534 -g 65534 mkdir l/nobody/mine 0755
expect dir,65534 -l upper lstat l/nobody type,uid

# Attributes: only the owner may chmod; nobody but root may chown.
expect EPERM -u 65534 -g 65534 chmod l/pub 0666
expect EPERM -u 65534 -g 65534 chmod u/pub 0666
expect EPERM -u 65534 -g 65534 chown l/mine 0 0
expect EPERM -u 65534 -g 65534 chown l/pub 65534 65534
expect 0 -u 65534 -g 65534 chmod l/mine 0600
expect regular,0600,65534 stat l/mine type,mode,uid
expect 0644 stat l/pub mode
expect 0644 -l lower lstat l/mine mode
expect 0 -u 65534 -g 65534 chown l/mine 65534 65534
expect 0 -u 65534 -g 65534 chmod l/nobody 0750
expect dir,0750 stat l/nobody type,mode

# Extra groups count: gid 65534 with group 0 reads a 0640 file of group 0.
expect 0 chmod l/grp 0640 : chown l/grp 0 0
expect EACCES -u 65534 -g 65534 open l/grp O_RDONLY
expect "gr" -u 65534 -g 65534,0 open l/grp O_RDONLY : read 0 100
