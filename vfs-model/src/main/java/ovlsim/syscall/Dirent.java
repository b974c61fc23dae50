package ovlsim.syscall;

/** One {@code struct linux_dirent64} as {@code getdents64(2)} returns it. */
public record Dirent(long ino, long off, int type, String name) {}
