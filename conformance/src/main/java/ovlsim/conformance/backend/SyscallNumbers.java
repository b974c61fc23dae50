package ovlsim.conformance.backend;

/**
 * The raw syscall numbers the kernel backend needs where no glibc wrapper is right (per-thread
 * credentials), exported everywhere ({@code mknodat}) or there at all ({@code openat2}, Linux
 * 5.6, glibc has no wrapper), for the two architectures it supports. {@code openat2} came
 * after the syscall tables were unified: 437 on every architecture.
 */
record SyscallNumbers(
    long setfsuid, long setfsgid, long setgroups, long capget, long capset, long mknodat,
    long openat2) {
  static final SyscallNumbers X86_64 = new SyscallNumbers(122, 123, 116, 125, 126, 259, 437);
  static final SyscallNumbers AARCH64 = new SyscallNumbers(151, 152, 159, 90, 91, 33, 437);

  /** The numbers of this JVM's architecture, or {@code null} when it is neither. */
  static SyscallNumbers forHost() {
    String arch = System.getProperty("os.arch", "");
    return switch (arch) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> null;
    };
  }
}
