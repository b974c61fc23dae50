/*
 * The kernel peer of ovlsim's benchmarks: the same shapes as the model's benchmarks, measured
 * through the running kernel's overlayfs and on plain tmpfs. Run by ovlsim.benchmarks.KernelPeer
 * (compiled with gcc at run time), as root.
 *
 * Everything happens under a fresh mkdtemp() directory: a tmpfs for the lower layer (l), a
 * tmpfs for the upper layer and the plain peers (u), the overlay on mnt. All three are
 * unmounted and the directories removed before exit, on success and on failure.
 *
 * Output: one "key value" line per figure (times in ns per operation), or "skip reason".
 * Argument: "once" (one round of everything, for the build's setup test), "quick" or nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BIG (64L << 20)
#define N_A 5000
#define WHITEOUTS 1000
#define N_B 10000
#define N_SLAB 10000

static char base[] = "/tmp/ovlsim-kpeer-XXXXXX";
static int mounted_l, mounted_u, mounted_mnt;
static char ovl_opts[1024];
static int rounds = 5, stat_ops = 200000, readdir_ops = 30, copyups = 5;

static void cleanup(void) {
  if (chdir("/") != 0) {
    /* nothing else to do */
  }
  char p[256];
  if (mounted_mnt) {
    snprintf(p, sizeof p, "%s/mnt", base);
    umount2(p, MNT_DETACH);
  }
  if (mounted_u) {
    snprintf(p, sizeof p, "%s/u", base);
    umount2(p, MNT_DETACH);
  }
  if (mounted_l) {
    snprintf(p, sizeof p, "%s/l", base);
    umount2(p, MNT_DETACH);
  }
  const char *dirs[] = {"mnt", "u", "l"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s/%s", base, dirs[i]);
    rmdir(p);
  }
  rmdir(base);
}

static void skip(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("skip ");
  vprintf(fmt, ap);
  printf(": %s\n", strerror(errno));
  va_end(ap);
  cleanup();
  exit(0);
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void mkdirs(const char *path) {
  char p[512];
  snprintf(p, sizeof p, "%s", path);
  for (char *s = p + 1; *s; s++) {
    if (*s == '/') {
      *s = 0;
      if (mkdir(p, 0755) != 0 && errno != EEXIST) skip("mkdir %s", p);
      *s = '/';
    }
  }
  if (mkdir(p, 0755) != 0 && errno != EEXIST) skip("mkdir %s", p);
}

static void touch(const char *path, long size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) skip("create %s", path);
  if (size > 0) {
    static char chunk[1 << 20];
    for (long i = 0; i < (long)sizeof chunk; i += 4096) chunk[i] = (char)(i >> 12);
    for (long done = 0; done < size; done += sizeof chunk) {
      if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) skip("write %s", path);
    }
  }
  close(fd);
}

static void files(const char *dir, char prefix, int n) {
  char p[512];
  mkdirs(dir);
  for (int i = 0; i < n; i++) {
    snprintf(p, sizeof p, "%s/%c%05d", dir, prefix, i);
    touch(p, 0);
  }
}

static void mount_overlay(void) {
  if (mount("overlay", "mnt", "overlay", 0, ovl_opts) != 0) skip("mount overlay %s", ovl_opts);
  mounted_mnt = 1;
}

static void umount_overlay(void) {
  if (umount("mnt") != 0) skip("umount overlay");
  mounted_mnt = 0;
}

static double stat_ns(const char *path) {
  struct stat st;
  double v[16];
  for (int i = 0; i < stat_ops / 2; i++) {
    if (stat(path, &st) != 0) skip("stat %s", path);
  }
  for (int r = 0; r < rounds; r++) {
    double t0 = now_ns();
    for (int i = 0; i < stat_ops; i++) stat(path, &st);
    v[r] = (now_ns() - t0) / stat_ops;
  }
  return median(v, rounds);
}

static long read_dir(const char *path) {
  static char buf[32768];
  int fd = open(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) skip("open %s", path);
  long entries = 0;
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n < 0) skip("getdents64 %s", path);
    if (n == 0) break;
    for (long off = 0; off < n;) {
      unsigned short reclen = *(unsigned short *)(buf + off + 16);
      entries++;
      off += reclen;
    }
  }
  close(fd);
  return entries;
}

static double readdir_ns(const char *key, const char *path, long expect) {
  double v[16];
  long got = read_dir(path);
  if (got != expect) {
    errno = 0;
    skip("readdir %s gave %ld entries, not %ld", path, got, expect);
  }
  for (int i = 0; i < readdir_ops / 3 + 1; i++) read_dir(path);
  for (int r = 0; r < rounds; r++) {
    double t0 = now_ns();
    for (int i = 0; i < readdir_ops; i++) read_dir(path);
    v[r] = (now_ns() - t0) / readdir_ops;
  }
  double m = median(v, rounds);
  printf("%s %.0f\n", key, m);
  return m;
}

/* The bytes of every slab cache's active objects, from /proc/slabinfo. */
static double slab_bytes(void) {
  FILE *f = fopen("/proc/slabinfo", "r");
  if (!f) skip("open /proc/slabinfo");
  char line[1024];
  double total = 0;
  while (fgets(line, sizeof line, f)) {
    char name[128];
    long active, num, objsize;
    if (line[0] == '#' || strncmp(line, "slabinfo", 8) == 0) continue;
    if (sscanf(line, "%127s %ld %ld %ld", name, &active, &num, &objsize) == 4) {
      total += (double)active * objsize;
    }
  }
  fclose(f);
  return total;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "once") == 0) {
    rounds = 1, stat_ops = 1000, readdir_ops = 1, copyups = 1;
  } else if (argc > 1 && strcmp(argv[1], "quick") == 0) {
    rounds = 3, stat_ops = 100000, readdir_ops = 10, copyups = 3;
  }
  if (!mkdtemp(base)) skip("mkdtemp %s", base);
  if (chdir(base) != 0) skip("chdir %s", base);
  mkdirs("l");
  mkdirs("u");
  mkdirs("mnt");
  if (mount("none", "l", "tmpfs", 0, "mode=0755") != 0) skip("mount tmpfs on l");
  mounted_l = 1;
  if (mount("none", "u", "tmpfs", 0, "mode=0755") != 0) skip("mount tmpfs on u");
  mounted_u = 1;

  /* the layers: the model benchmarks' shapes */
  mkdirs("l/l1/l2/l3/l4");
  touch("l/l1/l2/l3/l4/file", 0);
  mkdirs("l/m1/m2/m3/m4/m5");
  touch("l/big", BIG);
  files("l/a", 'f', N_A);
  files("l/b", 'f', N_B);
  files("l/s1", 'f', N_SLAB);
  files("l/s2", 'f', N_SLAB);
  files("l/s3", 'f', N_SLAB);
  mkdirs("u/upper/u1/u2/u3/u4");
  touch("u/upper/u1/u2/u3/u4/file", 0);
  mkdirs("u/upper/m1/m2/m3/m4/m5");
  files("u/upper/a", 'g', N_A - WHITEOUTS);
  files("u/upper/b", 'f', N_B);
  mkdirs("u/work");
  mkdirs("u/x1/x2/x3/x4");
  touch("u/x1/x2/x3/x4/file", 0);
  files("u/flat10k", 'f', 2 * N_A);
  files("u/flat20k", 'f', 2 * N_B);

  snprintf(ovl_opts, sizeof ovl_opts, "lowerdir=%s/l,upperdir=%s/u/upper,workdir=%s/u/work",
           base, base, base);
  mount_overlay();

  /* stat, 6 components, cached */
  printf("stat_overlay_lower_file %.1f\n", stat_ns("mnt/l1/l2/l3/l4/file"));
  printf("stat_overlay_upper_file %.1f\n", stat_ns("mnt/u1/u2/u3/u4/file"));
  printf("stat_overlay_merged_dir %.1f\n", stat_ns("mnt/m1/m2/m3/m4/m5"));
  printf("stat_tmpfs %.1f\n", stat_ns("u/x1/x2/x3/x4/file"));

  /* merged readdir */
  char p[256];
  for (int i = 0; i < WHITEOUTS; i++) {
    snprintf(p, sizeof p, "mnt/a/f%05d", i);
    if (unlink(p) != 0) skip("unlink %s", p);
  }
  readdir_ns("readdir_merged_whiteouts", "mnt/a", 2 * N_A - 2 * WHITEOUTS + 2);
  readdir_ns("readdir_flat10k", "u/flat10k", 2 * N_A + 2);
  readdir_ns("readdir_merged_same_names", "mnt/b", N_B + 2);
  readdir_ns("readdir_flat20k", "u/flat20k", 2 * N_B + 2);

  /* slab bytes per fresh overlay lookup (the lower dentries are tmpfs's, pinned already) */
  double per[3];
  struct stat st;
  for (int s = 0; s < 3; s++) {
    for (int i = 0; i < N_SLAB; i++) {
      snprintf(p, sizeof p, "l/s%d/f%05d", s + 1, i);
      stat(p, &st);
    }
    double before = slab_bytes();
    for (int i = 0; i < N_SLAB; i++) {
      snprintf(p, sizeof p, "mnt/s%d/f%05d", s + 1, i);
      if (stat(p, &st) != 0) skip("stat %s", p);
    }
    per[s] = (slab_bytes() - before) / N_SLAB;
  }
  printf("slab_bytes_per_lookup %.0f\n", median(per, 3));

  /* copy-up of a 64 MiB lower file: open(O_RDWR), on a fresh mount each time */
  double v[16];
  for (int r = 0; r < copyups; r++) {
    umount_overlay();
    unlink("u/upper/big");
    mount_overlay();
    double t0 = now_ns();
    int fd = open("mnt/big", O_RDWR);
    double t = now_ns() - t0;
    if (fd < 0) skip("open mnt/big O_RDWR");
    close(fd);
    struct stat up;
    if (stat("u/upper/big", &up) != 0 || up.st_size != BIG) {
      errno = 0;
      skip("the copy-up of mnt/big left no %ld-byte upper file", BIG);
    }
    v[r] = t;
  }
  printf("copyup_64m %.0f\n", median(v, copyups));

  cleanup();
  printf("done\n");
  return 0;
}
