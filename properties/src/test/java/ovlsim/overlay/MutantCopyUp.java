package ovlsim.overlay;

import static ovlsim.overlay.OvlPathType.OVL_PATH_LOWER;

import ovlsim.kernel.Capability;
import ovlsim.kernel.Cred;
import ovlsim.kernel.Creds;
import ovlsim.kernel.KernelError;
import ovlsim.kernel.Sched;
import ovlsim.kernel.locking.KMutex;
import ovlsim.kernel.locking.MutexSubclass;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.Kstat;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import ovlsim.vfs.VfsStat;

/**
 * The copy-up of {@link OvlMutant#COPY_UP_CHILD_BEFORE_PARENT} and
 * {@link OvlMutant#COPY_UP_WITHOUT_RECHECK}: {@link OvlCopyUp#ovlCopyUp} and
 * {@link OvlCopyUp#ovlCopyUpOne} with the mutant's one change, everything else calling the
 * port's own functions.
 */
final class MutantCopyUp {
  private MutantCopyUp() {}

  /** {@code ovl_copy_up()}, with the mutant {@link #copyUpOne}. */
  static void copyUp(Dentry dentry, OvlMutant mutant) {
    while (true) {
      Dentry next;
      Dentry parent;
      Path lowerpath = new Path();
      Kstat stat = new Kstat();
      if (OvlDentry.ovlPathType(dentry) != OVL_PATH_LOWER) {
        break;
      }
      next = Dcache.dget(dentry);
      for (; ; ) {
        parent = Dcache.dgetParent(next);
        if (OvlDentry.ovlPathType(parent) != OVL_PATH_LOWER) {
          break;
        }
        Dcache.dput(next);
        next = parent;
      }
      try {
        OvlDentry.ovlPathLower(next, lowerpath);
        VfsStat.vfsGetattr(lowerpath.mnt, lowerpath.dentry, stat);
        copyUpOne(parent, next, lowerpath, stat, mutant);
      } finally {
        Dcache.dput(parent);
        Dcache.dput(next);
      }
    }
  }

  /** {@code ovl_copy_up_one()} as the mutant has it. */
  private static void copyUpOne(
      Dentry parent, Dentry dentry, Path lowerpath, Kstat stat, OvlMutant mutant) {
    Kstat pstat = new Kstat();
    Path parentpath = new Path();
    OvlVersion version = OvlFs.of(dentry.dSb).version;
    OvlDentry.ovlPathUpper(parent, parentpath);
    Dentry upperdir = parentpath.dentry;
    VfsStat.vfsGetattr(parentpath.mnt, parentpath.dentry, pstat);
    String link = Stat.S_ISLNK(stat.mode) ? OvlCopyUp.ovlReadSymlink(lowerpath.dentry) : null;
    Cred overrideCred = Creds.prepareCreds();
    overrideCred.setFsuid(stat.uid);
    overrideCred.setFsgid(stat.gid);
    overrideCred.capRaise(Capability.CAP_SYS_ADMIN);
    overrideCred.capRaise(Capability.CAP_DAC_OVERRIDE);
    overrideCred.capRaise(Capability.CAP_FOWNER);
    overrideCred.capRaise(Capability.CAP_FSETID);
    overrideCred.capRaise(Capability.CAP_MKNOD);
    Cred oldCred = Creds.overrideCreds(overrideCred);
    try {
      boolean copied = false;
      Sched.point(OvlSchedPoint.COPY_UP_ONE_BEFORE_LOCK);
      KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
      try {
        boolean recheck = mutant != OvlMutant.COPY_UP_WITHOUT_RECHECK;
        boolean skip = recheck
            && (version.has(OvlPatch.RECHECK_COPY_UP_UNDER_LOCK)
                ? OvlDentry.ovlPathType(dentry) != OVL_PATH_LOWER
                : dentry.dParent != parent);
        if (!skip) {
          OvlCopyUp.ovlCopyUpLocked(upperdir, dentry, lowerpath, stat, link);
          copied = true;
          if (mutant != OvlMutant.COPY_UP_CHILD_BEFORE_PARENT) {
            try {
              OvlCopyUp.ovlSetTimestamps(upperdir, pstat);
            } catch (KernelError ignored) {
              // best effort
            }
          }
        }
      } finally {
        KMutex.mutexUnlock(upperdir.dInode.iMutex);
      }
      if (copied && mutant == OvlMutant.COPY_UP_CHILD_BEFORE_PARENT) {
        // THE MUTATION: the child's i_mutex first, then the parent's under it.
        Dentry child = OvlDentry.ovlDentryUpper(dentry);
        KMutex.mutexLock(child.dInode.iMutex);
        try {
          KMutex.mutexLockNested(upperdir.dInode.iMutex, MutexSubclass.I_MUTEX_PARENT);
          try {
            OvlCopyUp.ovlSetTimestamps(upperdir, pstat);
          } catch (KernelError ignored) {
            // best effort
          } finally {
            KMutex.mutexUnlock(upperdir.dInode.iMutex);
          }
        } finally {
          KMutex.mutexUnlock(child.dInode.iMutex);
        }
      }
    } finally {
      Creds.revertCreds(oldCred);
      Creds.putCred(overrideCred);
    }
  }
}
