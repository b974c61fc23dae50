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

  private static final String NO_COUNTERPART = "—";
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(ovl_\\w+)\\s*\\|\\s*([^|]*?)\\s*\\|(.*)\\|\\s*$");
  private static final Pattern JAVADOC_THEN_DECL =
      Pattern.compile(
          "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*((?:@\\w+(?:\\([^)]*\\))?\\s*)*)([^;{}=/]*?)\\(", Pattern.DOTALL);
  private static final Pattern PORT_OF = Pattern.compile("^Port of \\{@code (ovl_\\w+)\\(\\)\\}");

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
    Path map = moduleDir().resolve("../docs/port-map.md").normalize();
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

  @Test
  void everyJavaMethodInTheMapExists() throws IOException {
    for (Row row : rows()) {
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
    for (Row row : rows()) {
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
  void everyPortedMethodIsInTheMap() throws IOException {
    Map<String, Row> byName = new LinkedHashMap<>();
    for (Row row : rows()) {
      byName.put(row.cName(), row);
    }
    List<Ported> ported = portedMethods();
    // 86 functions, 3 without a counterpart (see the map), one Java method each.
    assertEquals(83, ported.size(), () -> "ported methods found: " + ported);
    for (Ported p : ported) {
      Row row = byName.get(p.cName());
      assertTrue(row != null, () -> p.java() + " ports " + p.cName() + ", not in the map");
      assertEquals(row.java(), p.java(), () -> "the map's Java for " + p.cName());
    }
  }
}
