# FIFOs through the overlay (fifo_open(), pipe_read(), pipe_write() on the layer's inode, which
# the overlay opens without copying it up), and the order in which link(2) and mknod(2) check
# what can fail. Only opens that do not wait are here: a line's ops run on one thread, and a
# blocking open with no partner would never return; vfs-model's FifoTest has the rendezvous
# between two tasks.
lower mkdir l 0755
lower create l/f 0644 "lower f"
lower mkfifo l/p 0644
upper mkdir u 0755
upper create u/f 0644 "upper f"
upper mkfifo u/p 0644
mount

# A reader that does not wait opens at once, and reads end of file while nobody writes.
expect 0 open l/p O_RDONLY,O_NONBLOCK
expect "" open u/p O_RDONLY,O_NONBLOCK : read 0 10
# A writer that does not wait, with no reader: ENXIO.
expect ENXIO open l/p O_WRONLY,O_NONBLOCK
expect ENXIO open u/p O_WRONLY,O_NONBLOCK
# With a reader there it opens, and the bytes go through the pipe.
expect "abc" open l/p O_RDONLY,O_NONBLOCK : open l/p O_WRONLY,O_NONBLOCK : write 1 "abc" : read 0 10
expect "abc" open u/p O_RDONLY,O_NONBLOCK : open u/p O_WRONLY,O_NONBLOCK : write 1 "abc" : read 0 10
# Empty with a writer: EAGAIN for a reader that does not wait; end of file once the writer went.
expect EAGAIN open u/p O_RDONLY,O_NONBLOCK : open u/p O_WRONLY,O_NONBLOCK : read 0 10
expect "" open u/p O_RDONLY,O_NONBLOCK : open u/p O_WRONLY,O_NONBLOCK : close 1 : read 0 10
# A writer whose reader went: EPIPE (and SIGPIPE).
expect EPIPE open l/p O_RDONLY,O_NONBLOCK : open l/p O_WRONLY,O_NONBLOCK : close 0 : write 1 "x"
expect EPIPE open u/p O_RDONLY,O_NONBLOCK : open u/p O_WRONLY,O_NONBLOCK : close 0 : write 1 "x"
# O_RDWR never waits: the opener is its own reader and writer.
expect "hi" open l/p O_RDWR : write 0 "hi" : read 0 2
expect "hi" open u/p O_RDWR : write 0 "hi" : read 0 2
# What nobody read goes with the pipe when the last end closes.
expect 2 open u/p O_RDWR : write 0 "hi"
expect EAGAIN open u/p O_RDWR,O_NONBLOCK : read 0 2
# Opening a lower FIFO for writing does not copy it up.
expect 0 open l/p O_RDWR
expect ENOENT -l upper lstat l/p type
expect fifo,0644 lstat l/p type,mode
# A FIFO made through the overlay is made in the upper layer, and works.
expect 0 mkfifo u/q 0640
expect fifo,0640 -l upper lstat u/q type,mode
expect "x" open u/q O_RDWR : write 0 "x" : read 0 1

# link(2): the parent walk first (ENOENT), then the target's lookup (EEXIST). 2.6.38 checks
# EXDEV between the two, before the lookup and before write access (EROFS); later kernels look
# the new name up first. A link to another mount needs a path outside the mount, which a
# script may not name, so vfs-model's ErrnoOrderTest has that order.
expect ENOENT link u/f nodir/new
expect EEXIST link u/f l/f

# mknod(2): a directory is EPERM before anything; then the walk and the lookup (ENOENT,
# EEXIST); then the type (EINVAL for a type no mknod makes), before write access (EROFS).
expect EPERM mknod u/f d 0755 0 0
expect EPERM mknod nodir/d d 0755 0 0
expect ENOENT mknod nodir/bad 0110000 0644 0 0
expect EEXIST mknod l/f 0110000 0644 0 0
# In the lower layer's directory (on the model a read-only image: EINVAL, not EROFS).
expect EINVAL -l lower mknod l/bad 0110000 0644 0 0
expect EINVAL mknod u/bad 0110000 0644 0 0
expect ENOENT lstat u/bad type
