package ovlsim.overlay;

/**
 * Port of {@code struct list_head} and the operations of {@code <linux/list.h>} that
 * {@code overlayfs.c} uses: an intrusive circular doubly linked list. A node knows the object
 * it is embedded in ({@link #container}), the Java form of {@code list_entry()} /
 * {@code container_of()}; a bare head (a list, the readdir cursor, the {@code middle} marker)
 * has none.
 *
 * <p>Not thread-safe: every list here is guarded by whoever owns it (the overlay directory's
 * i_mutex for a file's readdir cache, the building task for a local list).
 */
final class ListHead {
  ListHead next;
  ListHead prev;
  /** The structure this node is embedded in, or {@code null} for a bare head. */
  final Object container;

  /** A node embedded in {@code container}, initialised empty. */
  ListHead(Object container) {
    this.container = container;
    initListHead(this);
  }

  /** Port of {@code INIT_LIST_HEAD()}. */
  static void initListHead(ListHead list) {
    list.next = list;
    list.prev = list;
  }

  /** Port of {@code __list_add()}. */
  private static void listAddBetween(ListHead n, ListHead prev, ListHead next) {
    next.prev = n;
    n.next = next;
    n.prev = prev;
    prev.next = n;
  }

  /** Port of {@code list_add()}: {@code n} right after {@code head}. */
  static void listAdd(ListHead n, ListHead head) {
    listAddBetween(n, head, head.next);
  }

  /** Port of {@code list_add_tail()}: {@code n} right before {@code head}. */
  static void listAddTail(ListHead n, ListHead head) {
    listAddBetween(n, head.prev, head);
  }

  /** Port of {@code __list_del()}. */
  private static void listDelBetween(ListHead prev, ListHead next) {
    next.prev = prev;
    prev.next = next;
  }

  /**
   * Port of {@code list_del()}: unlinks {@code entry} and poisons it ({@code LIST_POISON1/2}
   * are {@code null} here, so a use after it fails loudly).
   */
  static void listDel(ListHead entry) {
    listDelBetween(entry.prev, entry.next);
    entry.next = null;
    entry.prev = null;
  }

  /** Port of {@code list_del_init()}. */
  static void listDelInit(ListHead entry) {
    listDelBetween(entry.prev, entry.next);
    initListHead(entry);
  }

  /** Port of {@code list_move()}: unlink {@code list}, add it after {@code head}. */
  static void listMove(ListHead list, ListHead head) {
    listDelBetween(list.prev, list.next);
    listAdd(list, head);
  }

  /** Port of {@code list_move_tail()}: unlink {@code list}, add it before {@code head}. */
  static void listMoveTail(ListHead list, ListHead head) {
    listDelBetween(list.prev, list.next);
    listAddTail(list, head);
  }

  /** Port of {@code list_empty()}. */
  static boolean listEmpty(ListHead head) {
    return head.next == head;
  }
}
