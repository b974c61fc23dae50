package ovlsim.overlay;

import ovlsim.kernel.Creds;
import ovlsim.kernel.Errno;
import ovlsim.kernel.KernelError;
import ovlsim.vfs.Dcache;
import ovlsim.vfs.Dentry;
import ovlsim.vfs.File;
import ovlsim.vfs.Fs;
import ovlsim.vfs.Inode;
import ovlsim.vfs.Inodes;
import ovlsim.vfs.Kstatfs;
import ovlsim.vfs.Namei;
import ovlsim.vfs.Namespace;
import ovlsim.vfs.Open;
import ovlsim.vfs.Path;
import ovlsim.vfs.Stat;
import ovlsim.vfs.Statfs;
import ovlsim.vfs.SuperBlock;
import ovlsim.vfs.SuperOperations;

/**
 * The superblock: {@code ovl_super_operations} ({@code ovl_put_super()},
 * {@code ovl_remount_fs()}, and {@code ovl_statfs()} from patch 5/6), the mount options
 * ({@code ovl_parse_opt()}) and {@code ovl_fill_super()}.
 *
 * <p>Mount options: {@code lowerdir=DIR} and {@code upperdir=DIR} (both required: EINVAL
 * otherwise; each must be a directory: ENOTDIR), and the model-only {@code version=v6|v7|v7-fix|v10|v11|v15}
 * ({@link OvlVersion}; the newest when absent). Any other option is EINVAL, as
 * {@code match_token()} returns {@code Opt_err} for it. From v10 the C has an
 * {@code ->show_options} ({@code ovl_show_options()}: {@code ,lowerdir=...,upperdir=...}); its
 * only caller is {@code /proc/mounts}, and the model has no procfs, so it is not ported.
 */
final class OvlSuper {
  /** {@code ovl_super_operations}. */
  static final SuperOperations OVL_SUPER_OPERATIONS =
      new SuperOperations() {
        @Override
        public void putSuper(SuperBlock sb) {
          ovlPutSuper(sb);
        }

        @Override
        public void remountFs(SuperBlock sb, int[] flags, String data) {
          ovlRemountFs(sb, flags, data);
        }

        @Override
        public void statfs(Dentry dentry, Kstatfs buf) {
          ovlStatfs(dentry, buf);
        }

        @Override
        public boolean hasStatfs() {
          return true;
        }

        @Override
        public String toString() {
          return "ovl_super_operations";
        }
      };

  private OvlSuper() {}

  /**
   * Port of {@code ovl_path_open()} (v15, super.c): opens a real file or directory for the
   * overlay's own use (copy-up's data, a directory's entries, fsync), with the task's
   * credentials. With {@link OvlPatch#DENTRY_OPEN_HOOK} it is v15's {@code path_get(path)} and
   * 3.6's {@code dentry_open()} &mdash; which takes its own references, so the first one is never
   * dropped: every call leaks a reference on the real dentry and its private mount, as the C
   * does. Before v15 each caller called {@code vfs_open(path, flags, current_cred())} itself,
   * which this does without the switch, so that the change is here and nowhere else.
   */
  static File ovlPathOpen(Path path, int flags, OvlVersion version) {
    if (!version.has(OvlPatch.DENTRY_OPEN_HOOK)) {
      return Open.vfsOpen(path, flags, Creds.currentCred()); // v6..v11, at the caller
    }
    Namespace.pathGet(path);
    return Open.dentryOpen(path, flags, Creds.currentCred());
  }

  /**
   * Port of {@code ovl_put_super()}: gives back the write access to the upper mount (unless
   * read-only) and the references on both private mounts.
   */
  static void ovlPutSuper(SuperBlock sb) {
    OvlFs ufs = OvlFs.of(sb);

    if ((sb.sFlags & Fs.MS_RDONLY) == 0) {
      Namespace.mntDropWrite(ufs.upperMnt);
    }

    Namespace.mntput(ufs.upperMnt);
    Namespace.mntput(ufs.lowerMnt);

    // kfree(ufs)
  }

  /**
   * Port of {@code ovl_remount_fs()}: follows a change of the read-only flag with the write
   * access to the upper mount (dropped going ro; taken going rw, which may fail with EROFS).
   */
  static void ovlRemountFs(SuperBlock sb, int[] flagsp, String data) {
    int flags = flagsp[0];
    OvlFs ufs = OvlFs.of(sb);

    /* When remounting rw or ro, we need to adjust the write access to the
     * upper fs.
     */
    if (((flags ^ sb.sFlags) & Fs.MS_RDONLY) == 0) {
      /* No change to readonly status */
      return;
    }

    if ((flags & Fs.MS_RDONLY) != 0) {
      Namespace.mntDropWrite(ufs.upperMnt);
    } else {
      Namespace.mntWantWrite(ufs.upperMnt);
    }
  }

  /** {@code OVERLAYFS_SUPER_MAGIC} (v15): the overlay's {@code s_magic} and {@code f_type}. */
  static final long OVERLAYFS_SUPER_MAGIC = 0x794c764fL;

  /**
   * Port of {@code ovl_statfs()} (patch 5/6, Andy Whitcroft): the statistics of the upper
   * filesystem, through its {@code ->statfs} on the upper root of the overlay (ENOSYS without
   * one). v15 ({@link OvlPatch#STATFS_OWN_TYPE_AND_NAMELEN}) asks {@code vfs_statfs()} instead
   * and reports the overlay's own magic and the longer of the two layers' name lengths.
   */
  static void ovlStatfs(Dentry dentry, Kstatfs buf) {
    Dentry rootDentry = dentry.dSb.sRoot;
    Path path = new Path();
    OvlDentry.ovlPathUpper(rootDentry, path);

    OvlFs ofs = OvlFs.of(dentry.dSb);
    if (ofs.version.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN)) {
      // v15 STATFS_OWN_TYPE_AND_NAMELEN: vfs_statfs() of the upper root, then the overlay's own
      Statfs.vfsStatfs(path, buf);
      buf.fNamelen = Math.max(buf.fNamelen, ofs.lowerNamelen);
      buf.fType = OVERLAYFS_SUPER_MAGIC;
      return;
    }

    if (!path.dentry.dSb.sOp.hasStatfs()) {
      throw new KernelError(Errno.ENOSYS);
    }
    path.dentry.dSb.sOp.statfs(path.dentry, buf);
  }

  /** {@code enum { Opt_lowerdir, Opt_upperdir, Opt_err }}, with the model's version option. */
  private enum Token {
    OPT_LOWERDIR("lowerdir="),
    OPT_UPPERDIR("upperdir="),
    /** Model-only: which {@link OvlVersion} the mount runs. */
    OPT_VERSION("version="),
    OPT_ERR(null);

    /** The literal part of the {@code ovl_tokens} pattern, before its {@code %s}. */
    final String prefix;

    Token(String prefix) {
      this.prefix = prefix;
    }
  }

  /**
   * {@code match_token(p, ovl_tokens, args)}: the first pattern {@code "NAME=%s"} that matches
   * {@code p}; {@code %s} takes the rest of the option and matches only a non-empty string.
   * {@code args[0]} receives the argument.
   */
  private static Token matchToken(String p, String[] args) {
    for (Token t : Token.values()) {
      if (t.prefix != null && p.startsWith(t.prefix) && p.length() > t.prefix.length()) {
        args[0] = p.substring(t.prefix.length()); // match_strdup()
        return t;
      }
    }
    return Token.OPT_ERR;
  }

  /**
   * Port of {@code ovl_parse_opt()}: the comma-separated options ({@code strsep()}; empty ones
   * are skipped; a later option of the same name replaces an earlier one); EINVAL for anything
   * that is not {@code lowerdir=}, {@code upperdir=} or the model's {@code version=}.
   */
  static void ovlParseOpt(String opt, OvlConfig config) {
    config.upperdir = null;
    config.lowerdir = null;
    config.version = OvlVersion.newest();

    if (opt == null) {
      return; // strsep() of a NULL string returns NULL at once
    }
    for (String p : opt.split(",", -1)) {
      String[] args = new String[1];
      Token token;

      if (p.isEmpty()) {
        continue;
      }

      token = matchToken(p, args);
      switch (token) {
        case OPT_UPPERDIR:
          config.upperdir = args[0]; // kfree() + match_strdup(): -ENOMEM cannot happen
          break;

        case OPT_LOWERDIR:
          config.lowerdir = args[0];
          break;

        case OPT_VERSION:
          config.version = OvlVersion.parseMountOption(args[0]);
          break;

        default:
          throw new KernelError(Errno.EINVAL, "overlayfs: unknown option " + p);
      }
    }
  }

  /**
   * Port of {@code ovl_fill_super()}: parses the options, makes the root overlay inode, looks up
   * both directories ({@code kern_path()} with LOOKUP_FOLLOW), checks they are directories
   * (ENOTDIR), clones private mounts of them, takes write access to the upper one unless the
   * overlay is read-only, and sets up the root dentry on both. From v11 the stacking depth is
   * checked ({@link OvlPatch#STACK_DEPTH_LIMIT}) and the lower clone made read-only
   * ({@link OvlPatch#LOWER_MOUNT_READONLY}). Each failure unwinds what was
   * done, in the order of the C's labels.
   */
  static void ovlFillSuper(SuperBlock sb, Object data, int silent) {
    Path lowerpath = new Path();
    Path upperpath = new Path();
    Inode rootInode;
    Dentry rootDentry;
    OvlEntry oe;
    OvlFs ufs;
    OvlConfig config = new OvlConfig();

    ovlParseOpt((String) data, config); // error: goto out

    if (config.upperdir == null || config.lowerdir == null) {
      // printk(KERN_ERR "overlayfs: missing upperdir or lowerdir\n"): no kernel log here.
      throw new KernelError(Errno.EINVAL, "overlayfs: missing upperdir or lowerdir");
    }

    ufs = new OvlFs(config.version); // kmalloc(): -ENOMEM cannot happen in the model

    oe = OvlEntry.ovlAllocEntry();

    boolean rootLast = ufs.version.has(OvlPatch.ROOT_INODE_AFTER_MOUNTS);
    if (!rootLast) {
      rootInode = OvlDir.ovlNewInode(sb, Stat.S_IFDIR, oe);
      // if (!root_inode) goto out_free_oe: never null for S_IFDIR
    } else {
      rootInode = null; // v15: made below, after the mounts
    }

    try {
      Namei.kernPath(config.upperdir, Fs.LOOKUP_FOLLOW, upperpath); // error: goto out_put_root

      try {
        Namei.kernPath(config.lowerdir, Fs.LOOKUP_FOLLOW, lowerpath); // goto out_put_upperpath

        try {
          if (!Stat.S_ISDIR(upperpath.dentry.dInode.iMode)
              || !Stat.S_ISDIR(lowerpath.dentry.dInode.iMode)) {
            throw new KernelError(Errno.ENOTDIR); // goto out_put_lowerpath
          }

          if (ufs.version.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN)) {
            // v15: the lower layer's f_namelen, for ovl_statfs() (an error fails the mount)
            Kstatfs lowerStatfs = new Kstatfs();
            Statfs.vfsStatfs(lowerpath, lowerStatfs);
            ufs.lowerNamelen = lowerStatfs.fNamelen;
          }

          if (ufs.version.has(OvlPatch.STACK_DEPTH_LIMIT)) {
            // v11 STACK_DEPTH_LIMIT: one more than the deeper layer, EINVAL past the limit.
            sb.sStackDepth = Math.max(upperpath.mnt.mntSb.sStackDepth,
                lowerpath.mnt.mntSb.sStackDepth) + 1;
            if (sb.sStackDepth > Fs.FILESYSTEM_MAX_STACK_DEPTH) {
              // printk(KERN_ERR "overlayfs: maximum fs stacking depth exceeded\n")
              throw new KernelError(Errno.EINVAL, "overlayfs: maximum fs stacking depth exceeded");
            }
          }

          // printk "failed to clone upperpath" on error; goto out_put_lowerpath
          ufs.upperMnt = Namespace.clonePrivateMount(upperpath);

          try {
            // printk "failed to clone lowerpath" on error; goto out_put_upper_mnt
            ufs.lowerMnt = Namespace.clonePrivateMount(lowerpath);

            try {
              if (ufs.version.has(OvlPatch.LOWER_MOUNT_READONLY)) {
                // v11 LOWER_MOUNT_READONLY: "make lower mount read-only"
                ufs.lowerMnt.mntFlags |= Fs.MNT_READONLY;

                /* If the upper fs is r/o, we mark overlayfs r/o too */
                if ((ufs.upperMnt.mntSb.sFlags & Fs.MS_RDONLY) != 0) {
                  sb.sFlags |= Fs.MS_RDONLY;
                }
              }

              if ((sb.sFlags & Fs.MS_RDONLY) == 0) {
                Namespace.mntWantWrite(ufs.upperMnt); // goto out_put_lower_mnt
              }

              if (rootLast) {
                // v15 ROOT_INODE_AFTER_MOUNTS: ovl_new_inode(), then d_make_root() (neither
                // fails in the model: goto out_drop_write)
                rootInode = OvlDir.ovlNewInode(sb, Stat.S_IFDIR, oe);
              }
              // err = -ENOMEM; d_alloc_root() cannot fail in the model (out_drop_write)
              rootDentry = Dcache.dAllocRoot(rootInode);
            } catch (KernelError e) {
              // out_put_lower_mnt:
              Namespace.mntput(ufs.lowerMnt);
              throw e;
            }
          } catch (KernelError e) {
            // out_put_upper_mnt:
            Namespace.mntput(ufs.upperMnt);
            throw e;
          }
        } catch (KernelError e) {
          // out_put_lowerpath:
          Namespace.pathPut(lowerpath);
          throw e;
        }
      } catch (KernelError e) {
        // out_put_upperpath:
        Namespace.pathPut(upperpath);
        throw e;
      }
    } catch (KernelError e) {
      // out_put_root: (v6..v11; v15 has no such label, its root inode is not made yet)
      if (!rootLast) {
        Inodes.iput(rootInode);
      }
      // out_free_oe: out_free_ufs: out_free_config: kfree()s, the GC's job
      throw e;
    }

    Namespace.mntput(upperpath.mnt);
    Namespace.mntput(lowerpath.mnt);

    if (ufs.version.has(OvlPatch.UPPER_DENTRY_DOUBLE_REF)) {
      Dcache.dget(upperpath.dentry); // v10 UPPER_DENTRY_DOUBLE_REF
    }
    oe.setUpperdentryInit(upperpath.dentry);
    oe.lowerdentry = lowerpath.dentry;

    rootDentry.dFsdata = oe;
    rootDentry.dOp = OvlDentryOps.OVL_DENTRY_OPERATIONS;

    if (ufs.version.has(OvlPatch.STATFS_OWN_TYPE_AND_NAMELEN)) {
      sb.sMagic = OVERLAYFS_SUPER_MAGIC; // v15
    }
    sb.sOp = OVL_SUPER_OPERATIONS;
    sb.sRoot = rootDentry;
    sb.sFsInfo = ufs;
  }
}
