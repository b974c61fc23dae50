package ovlsim.properties.reference;

/**
 * One name in a directory of a {@link RefLayer}: a directory, a reference to an inode (a
 * regular file or a symlink, shared by hard links), or a whiteout.
 */
public sealed interface RefEntry permits RefDir, RefIno, RefWhiteout {}
