# Permission checks the 2.6.38 VFS makes on the overlay inode itself. In 2011 that inode
# carries only the file type (ovl_new_inode() keeps mode & S_IFMT; i_uid and i_gid stay 0), so
# checks that read its owner or its sticky bit see root and no sticky bit, while the checks that
# go through ->permission() see the real inode. Today's overlayfs copies mode and owner into its
# inode. The lines marked below are declared deviations on the kernel.
lower mkdir l 0755
lower create l/mine 0644 "mine"
lower chown l/mine 65534 65534
lower create l/root 0644 "root"
lower mkdir st 01777
lower create st/rootfile 0644
lower create st/rootfile2 0644
upper mkdir ust 01777
upper create ust/rootfile 0644
upper create ust/rootfile2 0644
mount

# The sticky bit and the owner do show in stat: getattr asks the real inode.
expect dir,01777 stat st type,mode
expect dir,01777 stat ust type,mode
expect regular,65534 stat l/mine type,uid

# O_NOATIME: may_open() asks is_owner_or_cap() of the overlay inode, owned by root in 2011,
# so even the file's owner is refused (deviation: today, and on v15, the owner may).
expect EPERM -u 65534 -g 65534 open l/mine O_RDONLY,O_NOATIME
expect EPERM -u 65534 -g 65534 open l/root O_RDONLY,O_NOATIME
expect 0 open l/mine O_RDONLY,O_NOATIME

# Sticky lower directory: may_delete() finds no sticky bit on the overlay directory, and
# removing a lower file only writes a whiteout with raised credentials, so anyone may remove
# another user's lower file (deviation: today EPERM).
expect 0 -u 65534 -g 65534 unlink st/rootfile
# rename goes through vfs_rename() on the upper layer with the caller's credentials, where the
# copied-up directory is sticky: EPERM in both.
expect EPERM -u 65534 -g 65534 rename st/rootfile2 st/x
expect regular stat st/rootfile2 type
expect ENOENT stat st/x type

# Sticky upper directory: vfs_unlink() on the upper layer sees the sticky bit: EPERM in both.
expect EPERM -u 65534 -g 65534 unlink ust/rootfile
expect EPERM -u 65534 -g 65534 rename ust/rootfile2 ust/x
expect 0 -u 65534 -g 65534 create ust/own 0644
expect 0 -u 65534 -g 65534 rename ust/own ust/own2
expect 0 -u 65534 -g 65534 unlink ust/own2
expect rootfile,rootfile2 readdir ust

# utimes with explicit times: checked by the upper filesystem's setattr on the copy, whose
# owner is the lower owner: the owner may, others may not.
expect 0 -u 65534 -g 65534 utimes l/mine 1000000000 1100000000
expect 1100000000 stat l/mine mtime
expect 1100000000 -l upper lstat l/mine mtime
expect EPERM -u 65534 -g 65534 utimes l/root 1000000000 1100000000
