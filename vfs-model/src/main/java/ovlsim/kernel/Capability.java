package ovlsim.kernel;

/** The POSIX capabilities the model checks, as in {@code <linux/capability.h>}. */
public enum Capability {
  CAP_CHOWN,
  CAP_DAC_OVERRIDE,
  CAP_DAC_READ_SEARCH,
  CAP_FOWNER,
  CAP_FSETID,
  CAP_KILL,
  CAP_SETGID,
  CAP_SETUID,
  CAP_LINUX_IMMUTABLE,
  CAP_SYS_ADMIN,
  CAP_MKNOD,
  CAP_SYS_RESOURCE
}
