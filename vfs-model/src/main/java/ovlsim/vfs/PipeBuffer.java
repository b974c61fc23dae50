package ovlsim.vfs;

/**
 * Port of {@code struct pipe_buffer}: one page of a pipe's ring, with the part of it that holds
 * data ({@code offset}, {@code len}). {@code page == null} is a free slot ({@code ops} NULL).
 * {@code canMerge} is {@code ops->can_merge}: set for the anonymous pages {@code pipe_write()}
 * fills ({@code anon_pipe_buf_ops}), so that a small write may append to the last one; clear
 * for pages a splice put there. Guarded by the pipe's lock.
 */
final class PipeBuffer {
  byte[] page;
  int offset;
  int len;
  boolean canMerge;

  /** {@code ops->release()}: the slot is free again. */
  void release() {
    page = null;
    offset = 0;
    len = 0;
    canMerge = false;
  }
}
