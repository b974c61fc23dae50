package ovlsim.vfs;

import ovlsim.kernel.Task;
import ovlsim.kernel.TaskLocal;

/**
 * Port of {@code struct fs_struct}: a task's root, cwd and umask. Only the owning task changes
 * them ({@code chdir}, {@code umask}), so the monitor is enough.
 */
public final class FsStruct {
  /** {@code task_struct.fs}: a child gets a copy of its parent's, as {@code copy_fs()} does. */
  private static final TaskLocal<FsStruct> FS = TaskLocal.inherited(FsStruct::new, FsStruct::copy);

  private Path root = new Path();
  private Path pwd = new Path();
  private int umask = 022;

  /** {@code task->fs}. */
  public static FsStruct of(Task task) {
    return FS.get(task);
  }

  /** {@code current->fs}. */
  public static FsStruct current() {
    return FS.get(Task.current());
  }

  public synchronized Path root() {
    return root.copy();
  }

  public synchronized Path pwd() {
    return pwd.copy();
  }

  public synchronized int umask() {
    return umask;
  }

  /** Sets the umask and returns the old one, as {@code sys_umask()}. */
  public synchronized int setUmask(int mask) {
    int old = umask;
    umask = mask & 0777;
    return old;
  }

  /** Port of {@code set_fs_root()}; takes a reference on {@code path}, drops the old one. */
  public synchronized void setRoot(Path path) {
    Path old = root;
    Namespace.pathGet(path);
    root = path.copy();
    if (old.dentry != null) {
      Namespace.pathPut(old);
    }
  }

  /** Port of {@code set_fs_pwd()}; takes a reference on {@code path}, drops the old one. */
  public synchronized void setPwd(Path path) {
    Path old = pwd;
    Namespace.pathGet(path);
    pwd = path.copy();
    if (old.dentry != null) {
      Namespace.pathPut(old);
    }
  }

  /** Port of {@code copy_fs_struct()}, as fork does. */
  public synchronized FsStruct copy() {
    FsStruct n = new FsStruct();
    if (root.dentry != null) {
      Namespace.pathGet(root);
      n.root = root.copy();
    }
    if (pwd.dentry != null) {
      Namespace.pathGet(pwd);
      n.pwd = pwd.copy();
    }
    n.umask = umask;
    return n;
  }
}
