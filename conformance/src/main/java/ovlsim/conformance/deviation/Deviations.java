package ovlsim.conformance.deviation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import ovlsim.conformance.fst.Expectation;
import ovlsim.conformance.fst.FstParser;
import ovlsim.conformance.fst.FstSyntaxException;
import ovlsim.conformance.fst.ResultPattern;
import ovlsim.conformance.fst.Script;
import ovlsim.conformance.fst.SetupStep;
import ovlsim.conformance.fst.SourceLine;
import ovlsim.conformance.fst.Token;
import ovlsim.conformance.fst.Tokenizer;

/**
 * The declared deviations ({@code deviations.txt} on the classpath): every place where the model
 * (the 2011 patch) and the running kernel's overlayfs differ on purpose. Kernel runs apply them
 * to each script before it runs; the model never does. The file's format:
 *
 * <pre>
 * # comment
 * [whiteout-format]
 * match:  expect symlink -l upper lstat (\S+) type
 * files:  *                          (optional glob on the script's name)
 * kernel: expect char                (or: line TEXT with $1.. | skip)
 * reason: Since Linux 3.18 a whiteout is a 0/0 character device ...
 *         (a line that begins with blanks continues the previous key)
 * </pre>
 *
 * An entry no line uses is an error of the corpus (a test checks it); a line two entries
 * match is an error of the file.
 */
public final class Deviations {
  /** The classpath resource kernel runs use. */
  public static final String RESOURCE = "/deviations.txt";

  private final List<Deviation> entries;

  private Deviations(List<Deviation> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No deviations. */
  public static Deviations none() {
    return new Deviations(List.of());
  }

  /** The deviations shipped with ovlsim. */
  public static Deviations load() {
    try (InputStream in = Deviations.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + RESOURCE + " on the classpath");
      }
      return parse("deviations.txt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a deviations file.
   *
   * @throws IllegalArgumentException with {@code NAME:LINE: } for anything it cannot read
   */
  public static Deviations parse(String name, String text) {
    List<Deviation> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    String[] lines = text.split("\n", -1);
    String id = null;
    int idLine = 0;
    Map<String, StringBuilder> fields = new LinkedHashMap<>();
    String lastKey = null;
    for (int i = 0; i <= lines.length; i++) {
      String raw = i < lines.length ? lines[i].stripTrailing() : null;
      int number = i + 1;
      if (raw != null && (raw.isBlank() || raw.stripLeading().startsWith("#"))) {
        continue;
      }
      if (raw == null || raw.startsWith("[")) {
        if (id != null) {
          out.add(entry(name, idLine, id, fields));
        }
        if (raw == null) {
          break;
        }
        if (!raw.endsWith("]") || raw.length() < 3) {
          throw new IllegalArgumentException(name + ":" + number + ": expected [id]");
        }
        id = raw.substring(1, raw.length() - 1).trim();
        if (!id.matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException(
              name + ":" + number + ": a deviation id is letters, digits, '.', '_', '-'");
        }
        if (!ids.add(id)) {
          throw new IllegalArgumentException(name + ":" + number + ": duplicate id " + id);
        }
        idLine = number;
        fields = new LinkedHashMap<>();
        lastKey = null;
        continue;
      }
      if (id == null) {
        throw new IllegalArgumentException(
            name + ":" + number + ": a key outside an entry: begin one with [id]");
      }
      if (Character.isWhitespace(raw.charAt(0))) {
        if (lastKey == null) {
          throw new IllegalArgumentException(name + ":" + number + ": a continuation of nothing");
        }
        fields.get(lastKey).append(' ').append(raw.trim());
        continue;
      }
      int colon = raw.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(name + ":" + number + ": expected KEY: VALUE");
      }
      String key = raw.substring(0, colon).trim();
      if (!Set.of("match", "files", "kernel", "model", "versions", "reason").contains(key)) {
        throw new IllegalArgumentException(name + ":" + number + ": unknown key '" + key
            + "' (match, files, kernel, model, versions, reason)");
      }
      if (fields.containsKey(key)) {
        throw new IllegalArgumentException(name + ":" + number + ": " + key + " given twice");
      }
      fields.put(key, new StringBuilder(raw.substring(colon + 1).trim()));
      lastKey = key;
    }
    return new Deviations(out);
  }

  private static Deviation entry(
      String name, int line, String id, Map<String, StringBuilder> fields) {
    String at = name + ":" + line;
    boolean model = fields.containsKey("model");
    if (model == fields.containsKey("kernel")) {
      throw new IllegalArgumentException(
          at + ": deviation " + id + " needs exactly one of kernel: and model:");
    }
    if (model != fields.containsKey("versions")) {
      throw new IllegalArgumentException(
          at + ": deviation " + id + ": versions: goes with model: (and model: needs it)");
    }
    for (String k : List.of("match", model ? "model" : "kernel", "reason")) {
      if (!fields.containsKey(k) || fields.get(k).toString().isBlank()) {
        throw new IllegalArgumentException(at + ": deviation " + id + " has no " + k);
      }
    }
    Set<String> versions = new LinkedHashSet<>();
    if (model) {
      for (String v : fields.get("versions").toString().split("\\s*,\\s*")) {
        try {
          versions.add(ovlsim.overlay.OvlVersion.fromName(v.trim()).optionName());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + ": deviation " + id + ": " + e.getMessage());
        }
      }
    }
    Pattern match;
    try {
      match = Pattern.compile(fields.get("match").toString());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          at + ": deviation " + id + ": bad match regex: " + e.getDescription());
    }
    String kernel = fields.get(model ? "model" : "kernel").toString();
    Deviation.Action action;
    if (kernel.equals("skip")) {
      action = new Deviation.Skip();
    } else if (kernel.startsWith("expect ")) {
      String result = kernel.substring("expect ".length()).trim();
      List<Token> t;
      try {
        t = Tokenizer.split(result);
        if (t.size() != 1) {
          throw new IllegalArgumentException("expect takes one RESULT word");
        }
        ResultPattern.of(t.get(0));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": deviation " + id + ": " + e.getMessage());
      }
      action = new Deviation.Expect(result);
    } else if (kernel.startsWith("line ")) {
      action = new Deviation.Line(kernel.substring("line ".length()).trim());
    } else {
      throw new IllegalArgumentException(
          at + ": deviation " + id + ": " + (model ? "model" : "kernel")
              + " must be 'expect RESULT', 'line TEXT' or 'skip'");
    }
    String files = fields.containsKey("files") ? fields.get("files").toString() : "*";
    return new Deviation(id, match, files, action, fields.get("reason").toString(), at, model,
        versions);
  }

  public List<Deviation> entries() {
    return entries;
  }

  /** A script as a kernel run sees it, and the entries that changed it. */
  public record Applied(Script script, Set<String> used) {}

  /**
   * {@code script} with every matching line changed as its entry says.
   *
   * @throws FstSyntaxException naming the line, when two entries match it, an entry's action
   *     does not fit the line's kind, or a replacement line cannot be read
   */
  public Applied apply(Script script) {
    return apply(script, null);
  }

  /**
   * {@code script} as a model run of {@code version} sees it: changed by the {@code model:}
   * entries whose {@code versions:} name that version.
   */
  public Applied applyModel(Script script, ovlsim.overlay.OvlVersion version) {
    return apply(script, version);
  }

  /** Kernel entries when {@code version} is null, else the model entries of that version. */
  private Applied apply(Script script, ovlsim.overlay.OvlVersion version) {
    Set<String> used = new LinkedHashSet<>();
    List<SetupStep> setup = new ArrayList<>();
    for (SetupStep s : script.setup()) {
      Hit hit = find(script.name(), s.line(), version);
      if (hit == null) {
        setup.add(s);
        continue;
      }
      used.add(hit.d.id());
      Deviation.Action a = hit.d.action();
      if (a instanceof Deviation.Line l) {
        FstParser.Line p = reparse(s.line(), hit, l, 0);
        if (!(p instanceof FstParser.Setup ps)) {
          throw mismatch(s.line(), hit.d, "its line is not a setup line");
        }
        setup.add(ps.step());
      } else if (a instanceof Deviation.Expect) {
        throw mismatch(s.line(), hit.d, "'kernel: expect' fits expect lines only");
      }
      // Skip: the kernel does not run the line.
    }
    List<Expectation> exps = new ArrayList<>();
    for (Expectation e : script.expectations()) {
      Hit hit = find(script.name(), e.line(), version);
      if (hit == null) {
        exps.add(e);
        continue;
      }
      used.add(hit.d.id());
      Deviation.Action a = hit.d.action();
      if (a instanceof Deviation.Skip) {
        throw mismatch(e.line(), hit.d, "'kernel: skip' fits setup lines only");
      } else if (a instanceof Deviation.Expect x) {
        exps.add(
            e.withResult(ResultPattern.of(Tokenizer.split(x.result()).get(0)), hit.d.id()));
      } else if (a instanceof Deviation.Line l) {
        FstParser.Line p = reparse(e.line(), hit, l, e.number());
        if (!(p instanceof FstParser.Expect pe)) {
          throw mismatch(e.line(), hit.d, "its line is not an expect line");
        }
        Expectation n = pe.expectation();
        exps.add(new Expectation(
            n.line(), n.number(), n.result(), n.creds(), n.target(), n.ops(), hit.d.id()));
      }
    }
    Script out = new Script(script.name(), setup, script.mountLine(), script.readOnly(), exps);
    return new Applied(out, Collections.unmodifiableSet(used));
  }

  private record Hit(Deviation d, Matcher m) {}

  private Hit find(String file, SourceLine line, ovlsim.overlay.OvlVersion version) {
    Hit found = null;
    for (Deviation d : entries) {
      if (version == null ? d.model() : !d.versions().contains(version.optionName())) {
        continue;
      }
      Matcher m = d.matcher(file, line.code());
      if (m != null) {
        if (found != null) {
          throw new FstSyntaxException(line.file(), line.number(),
              "the line matches two deviations, " + found.d.id() + " and " + d.id());
        }
        found = new Hit(d, m);
      }
    }
    return found;
  }

  private static FstParser.Line reparse(SourceLine at, Hit hit, Deviation.Line l, int number) {
    StringBuilder sb = new StringBuilder();
    hit.m.appendReplacement(sb, l.template());
    String text = sb.toString();
    try {
      return FstParser.parseLine(at.file(), at.number(), text, number);
    } catch (FstSyntaxException e) {
      throw new FstSyntaxException(at.file(), at.number(),
          "deviation " + hit.d.id() + " makes an unreadable line: " + e.reason());
    }
  }

  private static FstSyntaxException mismatch(SourceLine at, Deviation d, String why) {
    return new FstSyntaxException(at.file(), at.number(),
        "deviation " + d.id() + " (" + d.declaredAt() + ") does not fit this line: " + why);
  }
}
