package io.fedchain.devnet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node processes of a devnet: one JVM per node on loopback, with a capped heap, its output in
 * {@code logs/NAME.log}, its pid in the devnet's {@code pids} file (so {@code devnet down} and
 * {@code devnet status} find them from another process).
 */
final class Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final Manifest manifest;
  private final DevnetFiles files;

  Cluster(Manifest manifest, DevnetFiles files) {
    this.manifest = manifest;
    this.files = files;
  }

  /** The command that runs this CLI again in a new JVM (same classpath, same java). */
  private List<String> javaCommand() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx" + manifest.heapMb() + "m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=4");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    return cmd;
  }

  /** Starts node {@code name}; its output is appended to its log. */
  long start(String name) {
    List<String> cmd = javaCommand();
    cmd.addAll(List.of("node", "run", "--config", files.nodeConfig(name).toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.redirectErrorStream(true);
    File log = files.log(name).toFile();
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    try {
      Process p = pb.start();
      Map<String, Long> pids = pids();
      pids.put(name, p.pid());
      writePids(pids);
      LOG.debug("started {} (pid {})", name, p.pid());
      return p.pid();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + name + ": " + e.getMessage(), e);
    }
  }

  Map<String, Long> pids() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(files.pids())) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(files.pids())) {
        String[] p = line.trim().split("\\s+");
        if (p.length == 2) {
          out.put(p[0], Long.parseLong(p[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read " + files.pids() + ": " + e.getMessage());
    }
    return out;
  }

  private void writePids(Map<String, Long> pids) {
    StringBuilder sb = new StringBuilder();
    pids.forEach((n, p) -> sb.append(n).append(' ').append(p).append('\n'));
    try {
      Files.writeString(files.pids(), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The live process of node {@code name}, if it runs (and is one of ours: a java process). */
  Optional<ProcessHandle> process(String name) {
    Long pid = pids().get(name);
    if (pid == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true));
  }

  boolean running(String name) {
    return process(name).isPresent();
  }

  /** SIGTERM, then SIGKILL after {@code graceSeconds}; returns whether it exited cleanly. */
  boolean stop(String name, int graceSeconds) {
    Optional<ProcessHandle> h = process(name);
    if (h.isEmpty()) {
      return true;
    }
    resume(name); // a paused JVM cannot handle SIGTERM
    h.get().destroy();
    try {
      h.get().onExit().get(graceSeconds, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      LOG.warn("{} did not stop within {} s; killing it", name, graceSeconds);
      h.get().destroyForcibly();
      return false;
    }
  }

  /** SIGKILL: a crash. */
  void kill(String name) {
    process(name).ifPresent(h -> {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{} still alive after SIGKILL", name);
      }
    });
  }

  void pause(String name) {
    signal(name, "STOP");
  }

  void resume(String name) {
    signal(name, "CONT");
  }

  private void signal(String name, String sig) {
    process(name).ifPresent(h -> {
      try {
        new ProcessBuilder("kill", "-" + sig, Long.toString(h.pid())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot send SIG" + sig + " to " + name + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  void stopAll(int graceSeconds) {
    for (Manifest.NodeSpec n : manifest.nodes()) {
      process(n.name()).ifPresent(h -> {
        resume(n.name());
        h.destroy();
      });
    }
    for (Manifest.NodeSpec n : manifest.nodes()) {
      stop(n.name(), graceSeconds);
    }
  }
}
