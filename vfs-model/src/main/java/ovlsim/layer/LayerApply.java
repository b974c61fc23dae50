package ovlsim.layer;

import java.util.Arrays;
import java.util.List;
import ovlsim.kernel.Errno;
import ovlsim.syscall.StatBuf;
import ovlsim.syscall.Sys;
import ovlsim.vfs.Fcntl;

/**
 * {@link Layer#applyTo}: creates a layer's entries under a mounted directory with syscalls, then
 * sets their attributes. One use per instance.
 */
final class LayerApply {
  private final Layer layer;
  private final Sys sys;
  private final String dir;

  LayerApply(Layer layer, Sys sys, String dir) {
    this.layer = layer;
    this.sys = sys;
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  void run() {
    int oldUmask = sys.umask(0);
    try {
      for (LayerEntry e : layer.entries()) {
        create(e);
      }
      // Children before parents, the root last: a directory's mode (0500, 0000) or owner
      // must not lock the applying task out of what is below it. Attributes of an entry do
      // not change its parent, so the order changes nothing else.
      List<LayerEntry> entries = layer.entries();
      for (int i = entries.size() - 1; i >= 0; i--) {
        LayerEntry e = entries.get(i);
        if (!e.isHardlink()) {
          setAttributes(full(e.path()), e.node());
        }
      }
      if (layer.rootSet()) {
        setAttributes(dir.isEmpty() ? "/" : dir, layer.root());
      }
    } finally {
      sys.umask(oldUmask);
    }
  }

  private String full(String path) {
    return dir + "/" + path;
  }

  private void create(LayerEntry e) {
    String p = full(e.path());
    LayerNode n = e.node();
    if (e.isHardlink()) {
      check("link", p, sys.link(full(e.linkTo()), p));
      return;
    }
    switch (n.type()) {
      // Owner rwx until the attributes pass sets the real mode, so that the entries below can
      // be made by a task that is not root (a 0500 directory could not get children).
      case DIRECTORY -> check("mkdir", p, sys.mkdir(p, n.perm() | 0700));
      case REGULAR -> createFile(p, n);
      case SYMLINK -> check("symlink", p, sys.symlink(n.target(), p));
      case FIFO, CHAR_DEVICE, BLOCK_DEVICE -> check("mknod", p, sys.mknod(p, n.mode(), n.rdev()));
    }
  }

  private void createFile(String p, LayerNode n) {
    int fd = sys.open(p, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_EXCL, n.perm());
    check("open", p, fd);
    try {
      byte[] content = n.content();
      int done = 0;
      while (done < content.length) {
        byte[] rest = done == 0 ? content : Arrays.copyOfRange(content, done, content.length);
        long w = sys.write(fd, rest, rest.length);
        check("write", p, w);
        if (w == 0) {
          throw new LayerApplyException("write", p, -Errno.EIO.number());
        }
        done += (int) w;
      }
    } catch (LayerApplyException e) {
      sys.close(fd);
      throw e;
    }
    check("close", p, sys.close(fd));
  }

  /**
   * xattrs, then the owner when it differs (chown may clear set-id bits), then mode, then
   * times.
   */
  private void setAttributes(String p, LayerNode n) {
    for (String name : n.xattrNames()) {
      byte[] v = n.xattr(name);
      check("lsetxattr " + name, p, sys.lsetxattr(p, name, v, v.length, 0));
    }
    StatBuf st = new StatBuf();
    check("lstat", p, sys.lstat(p, st));
    if (st.stUid != n.uid() || st.stGid != n.gid()) {
      check("lchown", p, sys.lchown(p, n.uid(), n.gid()));
    }
    if (n.type() != NodeType.SYMLINK) {
      check("chmod", p, sys.chmod(p, n.perm()));
      check("utimes", p, sys.utimes(p, n.atime(), n.mtime()));
    }
  }

  private static void check(String call, String path, long result) {
    if (result < 0) {
      throw new LayerApplyException(call, path, result);
    }
  }
}
