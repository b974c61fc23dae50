package ovlsim.vfs;

/**
 * Port of {@code struct list_head} and the helpers of {@code <linux/list.h>} the VFS uses: a
 * circular doubly linked list threaded through its members, so that a member can be moved in
 * O(1) by its node, as {@code dcache_readdir()} moves its cursor. A member's node knows the
 * object it is embedded in ({@code list_entry()}); a list's head is a node embedded in none.
 *
 * <p>Locking belongs to the list's owner: {@link Dentry#dSubdirs} and {@link Dentry#dChild}
 * are guarded by rename_lock ({@link Vfs#renameLock}), the model's form of the parent's
 * {@code d_lock}. Nothing here locks.
 *
 * @param <T> the type of the objects on the list
 */
public final class ListHead<T> {
  private final T entry;
  private ListHead<T> next = this;
  private ListHead<T> prev = this;

  /**
   * Port of {@code INIT_LIST_HEAD()}: a node linked to nothing, embedded in {@code entry}
   * ({@code null} for a list head).
   */
  ListHead(T entry) {
    this.entry = entry;
  }

  /** Port of {@code list_entry()}: the object this node is embedded in; null for a head. */
  public T entry() {
    return entry;
  }

  /** The next node ({@code ->next}); the head itself after the last member. */
  public ListHead<T> next() {
    return next;
  }

  /** The previous node ({@code ->prev}). */
  public ListHead<T> prev() {
    return prev;
  }

  /** Port of {@code list_empty()}. */
  public boolean listEmpty() {
    return next == this;
  }

  /** Port of {@code list_add()}: inserts {@code node} right after {@code head}. */
  public static <T> void listAdd(ListHead<T> node, ListHead<T> head) {
    insert(node, head, head.next);
  }

  /** Port of {@code list_add_tail()}: inserts {@code node} right before {@code head}. */
  public static <T> void listAddTail(ListHead<T> node, ListHead<T> head) {
    insert(node, head.prev, head);
  }

  /**
   * Port of {@code list_del_init()}: unlinks {@code node} and leaves it linked to itself.
   * Differs from {@code list_del()}, which poisons the pointers: a node unlinked twice is
   * harmless here.
   */
  public static <T> void listDel(ListHead<T> node) {
    node.prev.next = node.next;
    node.next.prev = node.prev;
    node.next = node;
    node.prev = node;
  }

  /** Port of {@code list_move()}: unlinks {@code node} and inserts it right after {@code head}. */
  public static <T> void listMove(ListHead<T> node, ListHead<T> head) {
    listDel(node);
    listAdd(node, head);
  }

  private static <T> void insert(ListHead<T> node, ListHead<T> prev, ListHead<T> next) {
    next.prev = node;
    node.next = next;
    node.prev = prev;
    prev.next = node;
  }
}
