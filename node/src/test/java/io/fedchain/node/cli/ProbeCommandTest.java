package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Two `fedchain p2p probe` processes: JSON events out, stdin lines published, a bad option refused. */
class ProbeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Probe implements AutoCloseable {
    final Process process;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    Probe(String... args) throws Exception {
      List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), FedchainCli.class.getName(), "p2p", "probe"));
      cmd.addAll(List.of(args));
      process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            events.add(JSON.readTree(line));
          }
        } catch (Exception e) {
          // the process ended
        }
      });
      t.setDaemon(true);
      t.start();
    }

    JsonNode await(String what, Predicate<JsonNode> test) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (System.nanoTime() < deadline) {
        for (JsonNode e : events) {
          if (test.test(e)) {
            return e;
          }
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no " + what + " within 40 s; events: " + events);
    }

    void send(String line) throws Exception {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoProbesShouldExchangeMessages() throws Exception {
    String seed = "00000000000000000000000000000000000000000000000000000000000000aa";
    try (Probe a = new Probe("--topic", "t1", "--key", seed)) {
      JsonNode ready = a.await("ready", e -> "ready".equals(e.path("type").asText()));
      String addr = ready.path("listenAddrs").get(0).asText();
      try (Probe b = new Probe("--topic", "t1", "--dial", addr)) {
        b.await("connect", e -> "connect".equals(e.path("type").asText()));
        b.send("hello from b");
        JsonNode m = a.await("message", e -> "message".equals(e.path("type").asText()));
        assertEquals("t1", m.path("topic").asText());
        assertEquals(HexFormat.of().formatHex("hello from b".getBytes(StandardCharsets.UTF_8)),
            m.path("dataHex").asText());
        assertTrue(b.events.stream().anyMatch(e -> "published".equals(e.path("type").asText())), b.events.toString());
      }
    }
  }

  @Test
  void aBadMultiaddrShouldBeRefusedWithItsReason() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = FedchainCli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "p2p", "probe",
        "--dial", "/ip4/127.0.0.1/udp/1");
    assertEquals(2, code);
    assertTrue(err.toString().contains("'udp' is not tcp"), err.toString());
  }
}
