package io.fedchain.p2p.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A js-libp2p peer ({@code p2p/src/test/js/peer.mjs}) in a child Node process: JSON events from its
 * stdout, messages to publish through its stdin. Needs Node 20+ and {@code npm ci} in that folder
 * ({@code .ci/run} does it).
 */
final class JsPeer implements AutoCloseable {
  static final Path DIR = Path.of(System.getProperty("user.dir")).resolve("src/test/js");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final OutputStream stdin;
  private final StringBuilder stderr = new StringBuilder();

  JsPeer(List<String> args) throws IOException {
    if (!Files.isDirectory(DIR.resolve("node_modules/libp2p"))) {
      throw new IllegalStateException("js-libp2p is not installed: run 'npm ci' in " + DIR
          + " (.ci/run does this on a fresh machine)");
    }
    List<String> cmd = new ArrayList<>(List.of("node", "peer.mjs"));
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).directory(DIR.toFile()).start();
    stdin = process.getOutputStream();
    Thread out = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          try {
            events.add(JSON.readTree(line));
          } catch (IOException e) {
            stderr.append("non-JSON stdout: ").append(line, 0, Math.min(200, line.length())).append('\n');
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "js-peer-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (stderr) {
            if (stderr.length() < 20_000) {
              stderr.append(line).append('\n');
            }
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "js-peer-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** The first event matching {@code test}, waiting up to {@code timeout}. */
  JsonNode await(String what, Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode e : events) {
        if (test.test(e)) {
          return e;
        }
      }
      if (!process.isAlive() && events.stream().noneMatch(test)) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("js peer: no " + what + " within " + timeout + "; events " + events + "\nstderr:\n"
        + stderr);
  }

  JsonNode awaitType(String type, Duration timeout) throws InterruptedException {
    return await(type, e -> type.equals(e.path("type").asText()), timeout);
  }

  List<JsonNode> events(String type) {
    return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
  }

  void publish(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
