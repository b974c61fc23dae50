package ovlsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (its WebSocket, with Java's own client),
 * for tests that open a page: a fresh profile, no network use, on a loopback port the browser
 * chooses. One page (a target attached in flat mode); every console error and uncaught exception
 * of the page is kept ({@link #problems}).
 */
final class Chromium implements AutoCloseable {
  /** Where Debian's package puts it; {@code OVLSIM_CHROMIUM} names another. */
  static final String DEFAULT = "/usr/bin/chromium";

  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> problems = new ArrayList<>();
  private final List<Consumer<JsonNode>> listeners = new ArrayList<>();
  private final String session;

  /** The browser's path, or null when there is none here. */
  static Path find() {
    String env = System.getenv("OVLSIM_CHROMIUM");
    Path p = Path.of(env != null && !env.isEmpty() ? env : DEFAULT);
    return Files.isExecutable(p) ? p : null;
  }

  /** Starts {@code browser} with a fresh profile in {@code profile} and opens a blank page. */
  Chromium(Path browser, Path profile) throws IOException, InterruptedException {
    process = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String url = listeningUrl();
    socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(url), new Listener()).join();
    JsonNode target = call(null, "Target.createTarget", Map.of("url", "about:blank"));
    JsonNode attached = call(null, "Target.attachToTarget",
        Map.of("targetId", target.get("targetId").asText(), "flatten", true));
    session = attached.get("sessionId").asText();
    synchronized (this) {
      listeners.add(this::collectProblems);
    }
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Page.enable", Map.of());
  }

  /** Reads the browser's stderr until it says where its DevTools WebSocket listens. */
  private String listeningUrl() throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (err.readLine() != null) {
              // the browser's log: not the page's
            }
          } catch (IOException e) {
            // closed
          }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
      seen.append(line).append('\n');
    }
    throw new IOException("Chromium did not start its DevTools server:\n" + seen);
  }

  private void collectProblems(JsonNode msg) {
    String method = msg.path("method").asText();
    JsonNode p = msg.path("params");
    switch (method) {
      case "Runtime.exceptionThrown" -> problems.add("exception: "
          + p.path("exceptionDetails").path("exception").path("description").asText(
              p.path("exceptionDetails").path("text").asText()));
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error")) {
          problems.add("console.error: " + p.path("args").toString());
        }
      }
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          problems.add("log: " + p.path("entry").path("text").asText());
        }
      }
      default -> { }
    }
  }

  /** The page's console errors and uncaught exceptions so far. */
  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** Calls {@code method} on the page. */
  JsonNode call(String method, Map<String, ?> params) {
    return call(session, method, params);
  }

  private JsonNode call(String sessionId, String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode msg = json.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", json.valueToTree(params));
    if (sessionId != null) {
      msg.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).join();
    JsonNode r;
    try {
      r = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + ": no answer", e);
    }
    if (r.has("error")) {
      throw new IllegalStateException(method + ": " + r.get("error"));
    }
    return r.path("result");
  }

  /** Opens {@code url} and waits for its load event. */
  void navigate(String url) throws InterruptedException {
    CompletableFuture<Void> loaded = new CompletableFuture<>();
    Consumer<JsonNode> l = m -> {
      if (m.path("method").asText().equals("Page.loadEventFired")) {
        loaded.complete(null);
      }
    };
    synchronized (this) {
      listeners.add(l);
    }
    call("Page.navigate", Map.of("url", url));
    try {
      loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the page did not load: " + url, e);
    } finally {
      synchronized (this) {
        listeners.remove(l);
      }
    }
  }

  /** The value of the expression {@code js} in the page. */
  JsonNode eval(String js) {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(js + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Presses and releases {@code key} ({@code ArrowRight}, {@code End}, ...). */
  void press(String key, int keyCode) {
    for (String type : new String[] {"rawKeyDown", "keyUp"}) {
      call("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key,
          "windowsVirtualKeyCode", keyCode, "nativeVirtualKeyCode", keyCode));
    }
  }

  /** The page's viewport: {@code width} x {@code height} CSS pixels. */
  void viewport(int width, int height) {
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
        "deviceScaleFactor", 1, "mobile", false));
  }

  /** A PNG of the viewport, written to {@code file}. */
  void screenshot(Path file) throws IOException {
    String b64 = call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(b64));
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
    } catch (RuntimeException e) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Collects whole text messages; answers go to their call, events to the listeners. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder part = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        String text = part.toString();
        part.setLength(0);
        try {
          JsonNode m = json.readTree(text);
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            List<Consumer<JsonNode>> ls;
            synchronized (Chromium.this) {
              ls = List.copyOf(listeners);
            }
            synchronized (Chromium.this) {
              ls.forEach(l -> l.accept(m));
            }
          }
        } catch (IOException e) {
          synchronized (Chromium.this) {
            problems.add("unreadable DevTools message: " + e.getMessage());
          }
        }
      }
      ws.request(1);
      return null;
    }
  }
}
