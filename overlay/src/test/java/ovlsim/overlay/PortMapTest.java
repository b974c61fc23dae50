package ovlsim.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/port-map.md} complete and true: it lists exactly the 86 functions of the
 * v6 {@code overlayfs.c} (plus {@code ovl_statfs()}) in file order; every Java method it
 * names exists and its Javadoc begins "Port of {@code <that function>()}"; every method of the
 * main sources whose Javadoc begins "Port of {@code ovl_...()}" is in the map under that name.
 */
class PortMapTest {
  /** The functions of the v6 overlayfs.c in file order, then ovl_statfs() (patch 5/6). */
  static final List<String> SEED_FUNCTIONS =
      List.of(
          "ovl_path_type", "ovl_upperdentry_dereference", "ovl_path_upper", "ovl_path_lower",
          "ovl_path_real", "ovl_dentry_upper", "ovl_dentry_lower", "ovl_dentry_real",
          "ovl_dentry_is_opaque", "ovl_dentry_set_opaque", "ovl_dentry_update",
          "ovl_dentry_version_inc", "ovl_dentry_version_get", "ovl_is_whiteout",
          "ovl_is_opaquedir", "ovl_cache_entry_from_node", "ovl_cache_entry_find",
          "ovl_cache_entry_new", "ovl_cache_entry_add_rb", "ovl_fill_lower", "ovl_cache_free",
          "ovl_fill_upper", "ovl_dir_read", "ovl_dir_reset", "ovl_dir_read_merged",
          "ovl_seek_cursor", "ovl_readdir", "ovl_dir_llseek", "ovl_dir_fsync",
          "ovl_dir_release", "ovl_dir_open", "ovl_entry_free", "ovl_dentry_release",
          "ovl_lookup_real", "ovl_alloc_entry", "ovl_lookup", "ovl_copy_up_xattr",
          "ovl_copy_up_data", "ovl_lookup_create", "ovl_upper_create", "ovl_read_symlink",
          "ovl_set_timestamps", "ovl_set_mode", "ovl_set_opaque", "ovl_remove_opaque",
          "ovl_copy_up_locked", "ovl_copy_up_one", "ovl_copy_up", "ovl_copy_up_truncate",
          "ovl_setattr", "ovl_getattr", "ovl_dir_getattr", "ovl_permission",
          "ovl_create_object", "ovl_create", "ovl_mkdir", "ovl_mknod", "ovl_symlink",
          "ovl_follow_link", "ovl_put_link", "ovl_readlink", "ovl_whiteout", "ovl_do_remove",
          "ovl_unlink", "ovl_check_empty_dir", "ovl_unlink_whiteout", "ovl_remove_whiteouts",
          "ovl_rmdir", "ovl_link", "ovl_rename", "ovl_is_private_xattr", "ovl_setxattr",
          "ovl_getxattr", "ovl_listxattr", "ovl_removexattr", "ovl_open_need_copy_up",
          "ovl_open", "ovl_new_inode", "ovl_put_super", "ovl_remount_fs", "ovl_parse_opt",
          "ovl_fill_super", "ovl_get_sb", "ovl_init", "ovl_exit", "ovl_statfs");

  /**
   * The functions of v7's overlayfs.c as posted, in file order (v7-fix has the same); then the
   * one function of Felix Fietkau's 211 the model keeps (the map's second table).
   */
  static final List<String> V7_FUNCTIONS =
      List.of(
          "ovl_path_type", "ovl_upperdentry_dereference", "ovl_path_upper", "ovl_path_lower",
          "ovl_path_real", "ovl_dentry_upper", "ovl_dentry_lower", "ovl_dentry_real",
          "ovl_dentry_is_opaque", "ovl_dentry_set_opaque", "ovl_dentry_update",
          "ovl_dentry_version_inc", "ovl_dentry_version_get", "ovl_is_whiteout",
          "ovl_is_opaquedir", "ovl_cache_entry_from_node", "ovl_cache_entry_find",
          "ovl_cache_entry_new", "ovl_cache_entry_add_rb", "ovl_fill_lower", "ovl_cache_free",
          "ovl_fill_upper", "ovl_dir_read", "ovl_dir_reset", "ovl_dir_mark_whiteouts",
          "ovl_dir_read_merged", "ovl_seek_cursor", "ovl_readdir", "ovl_dir_llseek",
          "ovl_dir_fsync", "ovl_dir_release", "ovl_dir_open", "ovl_entry_free",
          "ovl_dentry_release", "ovl_lookup_real", "ovl_alloc_entry", "ovl_whiteout",
          "ovl_lookup", "ovl_copy_up_xattr", "ovl_copy_up_data", "ovl_lookup_create",
          "ovl_upper_create", "ovl_read_symlink", "ovl_set_timestamps", "ovl_set_mode",
          "ovl_set_opaque", "ovl_remove_opaque", "ovl_copy_up_locked", "ovl_copy_up_one",
          "ovl_copy_up", "ovl_copy_up_truncate", "ovl_setattr", "ovl_getattr",
          "ovl_dir_getattr", "ovl_permission", "ovl_create_object", "ovl_create", "ovl_mkdir",
          "ovl_mknod", "ovl_symlink", "ovl_follow_link", "ovl_put_link", "ovl_readlink",
          "ovl_do_remove", "ovl_unlink", "ovl_check_empty_dir", "ovl_remove_whiteouts",
          "ovl_check_empty_and_clear", "ovl_rmdir", "ovl_link", "ovl_rename",
          "ovl_is_private_xattr", "ovl_setxattr", "ovl_getxattr", "ovl_listxattr",
          "ovl_removexattr", "ovl_open_need_copy_up", "ovl_open", "ovl_new_inode",
          "ovl_put_super", "ovl_remount_fs", "ovl_statfs", "ovl_parse_opt", "ovl_fill_super",
          "ovl_mount", "ovl_init", "ovl_exit",
          // second table: Felix Fietkau's 211
          "ovl_fill_links");

  /**
   * v10's functions, per C file in the Makefile's order (super.c, inode.c, dir.c, readdir.c,
   * copy_up.c), each in file order.
   */
  static final List<String> V10_FUNCTIONS =
      List.of(
          "ovl_path_type", "ovl_upperdentry_dereference", "ovl_path_upper", "ovl_path_lower",
          "ovl_path_real", "ovl_dentry_upper", "ovl_dentry_lower", "ovl_dentry_real",
          "ovl_entry_real", "ovl_dentry_is_opaque", "ovl_dentry_set_opaque", "ovl_dentry_update",
          "ovl_dentry_version_inc", "ovl_dentry_version_get", "ovl_is_whiteout",
          "ovl_is_opaquedir", "ovl_entry_free", "ovl_dentry_release", "ovl_alloc_entry",
          "ovl_lookup_real", "ovl_do_lookup", "ovl_put_super", "ovl_remount_fs", "ovl_statfs",
          "ovl_show_options", "ovl_parse_opt", "ovl_fill_super", "ovl_mount", "ovl_init",
          "ovl_exit", "ovl_setattr", "ovl_getattr", "ovl_permission", "ovl_follow_link",
          "ovl_put_link", "ovl_readlink", "ovl_is_private_xattr", "ovl_setxattr", "ovl_getxattr",
          "ovl_listxattr", "ovl_removexattr", "ovl_open_need_copy_up", "ovl_open", "ovl_new_inode",
          "ovl_lookup", "ovl_whiteout", "ovl_lookup_create", "ovl_upper_create", "ovl_set_opaque",
          "ovl_remove_opaque", "ovl_dir_getattr", "ovl_create_object", "ovl_create", "ovl_mkdir",
          "ovl_mknod", "ovl_symlink", "ovl_do_remove", "ovl_unlink", "ovl_rmdir", "ovl_link",
          "ovl_rename", "ovl_cache_entry_from_node", "ovl_cache_entry_find", "ovl_cache_entry_new",
          "ovl_cache_entry_add_rb", "ovl_fill_lower", "ovl_cache_free", "ovl_fill_upper",
          "ovl_dir_read", "ovl_dir_reset", "ovl_dir_mark_whiteouts", "ovl_dir_read_merged",
          "ovl_seek_cursor", "ovl_readdir", "ovl_dir_llseek", "ovl_dir_fsync", "ovl_dir_release",
          "ovl_dir_open", "ovl_check_empty_dir", "ovl_remove_whiteouts",
          "ovl_check_empty_and_clear", "ovl_copy_up_xattr", "ovl_copy_up_data", "ovl_read_symlink",
          "ovl_set_timestamps", "ovl_set_mode", "ovl_copy_up_locked", "ovl_copy_up_one",
          "ovl_copy_up", "ovl_copy_up_truncate");

  /** v11's functions, laid out as {@link #V10_FUNCTIONS}. */
  static final List<String> V11_FUNCTIONS =
      List.of(
          "ovl_path_type", "ovl_upperdentry_dereference", "ovl_path_upper", "ovl_path_lower",
          "ovl_path_real", "ovl_dentry_upper", "ovl_dentry_lower", "ovl_dentry_real",
          "ovl_entry_real", "ovl_dentry_is_opaque", "ovl_dentry_set_opaque", "ovl_dentry_update",
          "ovl_dentry_version_inc", "ovl_dentry_version_get", "ovl_is_whiteout",
          "ovl_is_opaquedir", "ovl_entry_free", "ovl_dentry_release", "ovl_alloc_entry",
          "ovl_lookup_real", "ovl_do_lookup", "ovl_lookup", "ovl_put_super", "ovl_remount_fs",
          "ovl_statfs", "ovl_show_options", "ovl_parse_opt", "ovl_fill_super", "ovl_mount",
          "ovl_init", "ovl_exit", "ovl_setattr", "ovl_getattr", "ovl_permission",
          "ovl_follow_link", "ovl_put_link", "ovl_readlink", "ovl_is_private_xattr",
          "ovl_setxattr", "ovl_getxattr", "ovl_listxattr", "ovl_removexattr",
          "ovl_open_need_copy_up", "ovl_open", "ovl_new_inode", "ovl_whiteout",
          "ovl_lookup_create", "ovl_upper_create", "ovl_set_opaque", "ovl_remove_opaque",
          "ovl_dir_getattr", "ovl_create_object", "ovl_create", "ovl_mkdir", "ovl_mknod",
          "ovl_symlink", "ovl_do_remove", "ovl_unlink", "ovl_rmdir", "ovl_link", "ovl_rename",
          "ovl_cache_entry_from_node", "ovl_cache_entry_find", "ovl_cache_entry_new",
          "ovl_cache_entry_add_rb", "ovl_fill_lower", "ovl_cache_free", "ovl_fill_upper",
          "ovl_dir_read", "ovl_dir_reset", "ovl_dir_mark_whiteouts", "ovl_dir_read_merged",
          "ovl_seek_cursor", "ovl_readdir", "ovl_dir_llseek", "ovl_dir_fsync", "ovl_dir_release",
          "ovl_dir_open", "ovl_check_empty_dir", "ovl_remove_whiteouts",
          "ovl_check_empty_and_clear", "ovl_copy_up_xattr", "ovl_copy_up_data", "ovl_read_symlink",
          "ovl_set_timestamps", "ovl_set_mode", "ovl_copy_up_locked", "ovl_copy_up_one",
          "ovl_copy_up", "ovl_copy_up_truncate");

  /** v15's functions, laid out as {@link #V10_FUNCTIONS}, then overlayfs.h's static inline. */
  static final List<String> V15_FUNCTIONS =
      List.of(
          "ovl_path_type", "ovl_upperdentry_dereference", "ovl_path_upper", "ovl_path_lower",
          "ovl_path_real", "ovl_dentry_upper", "ovl_dentry_lower", "ovl_dentry_real",
          "ovl_entry_real", "ovl_dentry_is_opaque", "ovl_dentry_set_opaque", "ovl_dentry_update",
          "ovl_dentry_version_inc", "ovl_dentry_version_get", "ovl_is_whiteout",
          "ovl_is_opaquedir", "ovl_entry_free", "ovl_dentry_release", "ovl_alloc_entry",
          "ovl_lookup_real", "ovl_do_lookup", "ovl_lookup", "ovl_path_open", "ovl_put_super",
          "ovl_remount_fs", "ovl_statfs", "ovl_show_options", "ovl_parse_opt", "ovl_fill_super",
          "ovl_mount", "ovl_init", "ovl_exit", "ovl_setattr", "ovl_getattr", "ovl_permission",
          "ovl_follow_link", "ovl_put_link", "ovl_readlink", "ovl_is_private_xattr",
          "ovl_setxattr", "ovl_getxattr", "ovl_listxattr", "ovl_removexattr",
          "ovl_open_need_copy_up", "ovl_dentry_open", "ovl_new_inode", "ovl_whiteout",
          "ovl_lookup_create", "ovl_upper_create", "ovl_set_opaque", "ovl_remove_opaque",
          "ovl_dir_getattr", "ovl_create_object", "ovl_create", "ovl_mkdir", "ovl_mknod",
          "ovl_symlink", "ovl_do_remove", "ovl_unlink", "ovl_rmdir", "ovl_link", "ovl_rename",
          "ovl_cache_entry_from_node", "ovl_cache_entry_find", "ovl_cache_entry_new",
          "ovl_cache_entry_add_rb", "ovl_fill_lower", "ovl_cache_free", "ovl_fill_upper",
          "ovl_dir_read", "ovl_dir_reset", "ovl_dir_mark_whiteouts", "ovl_dir_read_merged",
          "ovl_seek_cursor", "ovl_readdir", "ovl_dir_llseek", "ovl_dir_fsync", "ovl_dir_release",
          "ovl_dir_open", "ovl_check_empty_dir", "ovl_remove_whiteouts",
          "ovl_check_empty_and_clear", "ovl_copy_up_xattr", "ovl_copy_up_data", "ovl_read_symlink",
          "ovl_set_timestamps", "ovl_set_mode", "ovl_copy_up_locked", "ovl_copy_up_one",
          "ovl_copy_up", "ovl_copy_up_truncate",
          // overlayfs.h's static inline
          "ovl_copyattr");

  /** Every port map (a file of docs/) with the C functions it must list, in order. */
  static final Map<String, List<String>> MAPS =
      Map.of("port-map.md", SEED_FUNCTIONS, "port-map-v7.md", V7_FUNCTIONS,
          "port-map-v10.md", V10_FUNCTIONS, "port-map-v11.md", V11_FUNCTIONS,
          "port-map-v15.md", V15_FUNCTIONS);

  private static final String NO_COUNTERPART = "—";
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(ovl_\\w+)\\s*\\|\\s*([^|]*?)\\s*\\|(.*)\\|\\s*$");
  private static final Pattern JAVADOC_THEN_DECL =
      Pattern.compile(
          "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*((?:@\\w+(?:\\([^)]*\\))?\\s*)*)([^;{}=/]*?)\\(", Pattern.DOTALL);
  private static final Pattern PORT_OF =
      Pattern.compile("^Port of \\{@code (ovl_\\w+)\\(\\)\\}"
          + "(?: \\(v\\d+; \\{@code (ovl_\\w+)\\(\\)\\} from v\\d+\\))?");

  record Row(int number, String cName, String java, String note) {
    boolean hasJava() {
      return !java.equals(NO_COUNTERPART);
    }

    String className() {
      return java.substring(0, java.indexOf('#'));
    }

    String methodName() {
      return java.substring(java.indexOf('#') + 1);
    }
  }

  /** A method with a "Port of" Javadoc found in the main sources. */
  record Ported(String cName, String className, String methodName) {
    String java() {
      return className + "#" + methodName;
    }
  }

  private static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    return Path.of(basedir != null ? basedir : System.getProperty("user.dir"));
  }

  static List<Row> rows() throws IOException {
    return rows("port-map.md");
  }

  /** The rows of every table of docs/{@code file}. */
  static List<Row> rows(String file) throws IOException {
    Path map = moduleDir().resolve("../docs/" + file).normalize();
    assertTrue(Files.isRegularFile(map), () -> "no port map at " + map);
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(map, StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(
            new Row(Integer.parseInt(m.group(1)), m.group(2), m.group(3).trim(),
                m.group(4).trim()));
      }
    }
    return rows;
  }

  /** Every "Port of {@code ovl_...()}" method under src/main/java/ovlsim/overlay. */
  static List<Ported> portedMethods() throws IOException {
    Path src = moduleDir().resolve("src/main/java/ovlsim/overlay");
    List<Ported> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(src)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String className = file.getFileName().toString().replace(".java", "");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = JAVADOC_THEN_DECL.matcher(text);
        while (m.find()) {
          String doc = javadocText(m.group(1));
          Matcher p = PORT_OF.matcher(doc);
          if (!p.find()) {
            continue;
          }
          String decl = m.group(3).trim();
          String[] words = decl.split("\\s+");
          String method = words[words.length - 1];
          found.add(new Ported(p.group(1), className, method));
          if (p.group(2) != null) {
            found.add(new Ported(p.group(2), className, method));
          }
        }
      }
    }
    return found;
  }

  private static String javadocText(String raw) {
    StringBuilder sb = new StringBuilder();
    for (String line : raw.split("\n")) {
      String t = line.trim();
      if (t.startsWith("*")) {
        t = t.substring(1).trim();
      }
      if (!t.isEmpty()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t);
      }
    }
    return sb.toString();
  }

  @Test
  void theMapListsExactlyThe86SeedFunctionsInFileOrder() throws IOException {
    List<Row> rows = rows();
    assertEquals(86, SEED_FUNCTIONS.size());
    assertEquals(86, rows.size(), "rows in the port map");
    List<String> names = rows.stream().map(Row::cName).toList();
    assertEquals(SEED_FUNCTIONS, names);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1, rows.get(i).number(), "row numbering");
    }
  }

  /** The rows of every map. */
  static List<Row> allRows() throws IOException {
    List<Row> all = new ArrayList<>();
    for (String file : MAPS.keySet()) {
      all.addAll(rows(file));
    }
    return all;
  }

  @Test
  void everyMapListsItsVersionsFunctionsInFileOrder() throws IOException {
    for (Map.Entry<String, List<String>> e : MAPS.entrySet()) {
      List<String> names = rows(e.getKey()).stream().map(Row::cName).toList();
      assertEquals(e.getValue(), names, e.getKey());
    }
  }

  @Test
  void everyJavaMethodInTheMapExists() throws IOException {
    for (Row row : allRows()) {
      if (!row.hasJava()) {
        continue;
      }
      assertTrue(row.java().matches("\\w+#\\w+"), () -> "not Class#method: " + row);
      Class<?> c;
      try {
        c = Class.forName("ovlsim.overlay." + row.className());
      } catch (ClassNotFoundException e) {
        fail("no class for " + row);
        return;
      }
      boolean exists =
          Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(row.methodName()::equals);
      assertTrue(exists, () -> "no method " + row.java() + " for " + row.cName());
    }
  }

  /**
   * The maps of v10, v11 and v15 say, per changed function, which switch carries the change: every
   * switch a cell names (outside code spans) is one of that version's, and every switch the version
   * brought since the map's base version is named somewhere in its map.
   */
  @Test
  void eachLaterMapNamesTheSwitchesItsVersionBrought() throws IOException {
    Map<String, OvlVersion[]> steps = new LinkedHashMap<>();
    steps.put("port-map-v10.md", new OvlVersion[] {OvlVersion.V7, OvlVersion.V10});
    steps.put("port-map-v11.md", new OvlVersion[] {OvlVersion.V10, OvlVersion.V11});
    steps.put("port-map-v15.md", new OvlVersion[] {OvlVersion.V11, OvlVersion.V15});
    Pattern switchName = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");
    for (Map.Entry<String, OvlVersion[]> e : steps.entrySet()) {
      OvlVersion base = e.getValue()[0];
      OvlVersion version = e.getValue()[1];
      java.util.Set<OvlPatch> named = java.util.EnumSet.noneOf(OvlPatch.class);
      for (Row row : rows(e.getKey())) {
        Matcher m = switchName.matcher(row.note().replaceAll("`[^`]*`", ""));
        while (m.find()) {
          OvlPatch patch;
          try {
            patch = OvlPatch.valueOf(m.group());
          } catch (IllegalArgumentException notAPatch) {
            fail(e.getKey() + ", " + row.cName() + ": no switch " + m.group());
            return;
          }
          assertTrue(version.has(patch), () -> e.getKey() + " names " + patch + ", not in " + version);
          named.add(patch);
        }
      }
      for (OvlPatch patch : OvlPatch.values()) {
        if (version.has(patch) && !base.has(patch)) {
          assertTrue(named.contains(patch), () -> e.getKey() + " never names " + patch);
        }
      }
    }
  }

  @Test
  void functionsWithoutACounterpartSayWhy() throws IOException {
    long without = 0;
    for (Row row : rows()) {
      if (!row.hasJava()) {
        without++;
        assertFalse(row.note().isBlank(), () -> row.cName() + " has no Java and no reason");
      }
    }
    assertEquals(3, without, "ovl_cache_entry_from_node, ovl_entry_free, ovl_exit");
  }

  @Test
  void everyMappedMethodSaysWhichFunctionItPorts() throws IOException {
    Map<String, List<String>> portsByJava = new HashMap<>();
    for (Ported p : portedMethods()) {
      portsByJava.computeIfAbsent(p.java(), k -> new ArrayList<>()).add(p.cName());
    }
    for (Row row : allRows()) {
      if (row.hasJava()) {
        List<String> says = portsByJava.getOrDefault(row.java(), List.of());
        assertTrue(
            says.contains(row.cName()),
            () -> row.java() + "'s Javadoc should begin \"Port of {@code " + row.cName()
                + "()}\", found " + says);
      }
    }
  }

  @Test
  void everyPortedMethodIsInAMap() throws IOException {
    Map<String, List<String>> javaByName = new LinkedHashMap<>();
    for (Row row : allRows()) {
      javaByName.computeIfAbsent(row.cName(), k -> new ArrayList<>()).add(row.java());
    }
    List<Ported> ported = portedMethods();
    assertTrue(ported.size() >= 83, () -> "ported methods found: " + ported);
    for (Ported p : ported) {
      List<String> java = javaByName.get(p.cName());
      assertTrue(java != null, () -> p.java() + " ports " + p.cName() + ", in no map");
      assertTrue(java.contains(p.java()), () -> "the maps' Java for " + p.cName() + ": " + java
          + ", not " + p.java());
    }
  }
}
