package ovlsim.conformance.backend;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The glibc functions the kernel backend calls through JNA. Paths and names are NUL-terminated
 * UTF-8 {@code byte[]} ({@link KernelSys#cstr}), so the JVM's default charset plays no part;
 * errno comes from {@link Native#getLastError()}. Credential changes never go through here but
 * through {@link #syscall} (see {@link ThreadCreds}): glibc's wrappers change every thread.
 */
interface LibC extends Library {
  int open(byte[] path, int flags, Object... mode);

  int close(int fd);

  long read(int fd, byte[] buf, long count);

  long pread64(int fd, byte[] buf, long count, long offset);

  long write(int fd, byte[] buf, long count);

  long pwrite64(int fd, byte[] buf, long count, long offset);

  long lseek(int fd, long offset, int whence);

  int fsync(int fd);

  int ftruncate(int fd, long length);

  int truncate(byte[] path, long length);

  int fchmod(int fd, int mode);

  int fchown(int fd, int uid, int gid);

  int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf);

  int unlink(byte[] path);

  int unlinkat(int dirfd, byte[] path, int flags);

  int mkdirat(int dirfd, byte[] path, int mode);

  int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

  int symlinkat(byte[] target, int newdirfd, byte[] linkpath);

  int renameat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

  long readlinkat(int dirfd, byte[] path, byte[] buf, long size);

  int fchownat(int dirfd, byte[] path, int uid, int gid, int flags);

  int fchdir(int fd);

  int fstatfs(int fd, byte[] buf);

  int mkdir(byte[] path, int mode);

  int rmdir(byte[] path);

  int link(byte[] oldpath, byte[] newpath);

  int symlink(byte[] target, byte[] linkpath);

  int rename(byte[] oldpath, byte[] newpath);

  int chmod(byte[] path, int mode);

  int chown(byte[] path, int uid, int gid);

  int lchown(byte[] path, int uid, int gid);

  int utimensat(int dirfd, byte[] path, long[] times, int flags);

  long readlink(byte[] path, byte[] buf, long size);

  long getdents64(int fd, byte[] buf, long size);

  long getxattr(byte[] path, byte[] name, byte[] value, long size);

  long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

  int setxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

  int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

  long listxattr(byte[] path, byte[] list, long size);

  long llistxattr(byte[] path, byte[] list, long size);

  int removexattr(byte[] path, byte[] name);

  int lremovexattr(byte[] path, byte[] name);

  int statfs(byte[] path, byte[] buf);

  int umask(int mask);

  int chdir(byte[] path);

  int mount(byte[] source, byte[] target, byte[] fstype, long flags, byte[] data);

  int umount2(byte[] target, int flags);

  int unshare(int flags);

  int geteuid();

  int getgroups(int size, int[] list);

  long syscall(long number, Object... args);
}
