package io.fedchain.storage.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.RocksDbKvStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at seeded random moments and checks what the next open
 * finds: the store opens; its head is a block whose every part reads back byte for byte as the
 * writer built it; the head is at or past the last height the writer reported committed, and at
 * most one past it (the append the kill interrupted after it returned); nothing of the next height
 * is stored (an append is all or nothing). Some kills land while the child is still starting or
 * recovering.
 *
 * <p>It tests a process crash, not a power loss: that needs the page cache dropped, which a test
 * cannot do. The appends are synced, as a node's are.
 */
class ChainStoreCrashTest {
  private static final long SEED = 20240611L;
  private static final int KILLS = 20;

  /** 8 deltas of 100-400 KB per block, as a round of 8 MLP updates; a new model every 10 blocks. */
  static SyntheticChain syntheticChain(long seed) {
    return new SyntheticChain(seed, 8, 100_000, 400_000, 10);
  }

  @Test
  void shouldOpenWithACompleteHeadAfterEveryKill(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("chain");
    Path nativeDir = extractRocksDbLibrary(tmp.resolve("native"));
    Random random = new Random(SEED);
    Expected expected = new Expected(syntheticChain(SEED));
    long head = -1;
    long verified = -1;
    int killedDuringStartup = 0;
    long started = System.nanoTime();
    long startupNanos = 0;
    long verifyNanos = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long t0 = System.nanoTime();
      Child child = Child.start(dir, SEED, nativeDir);
      if (random.nextInt(5) == 0) {
        Thread.sleep(random.nextInt(600));
        killedDuringStartup++;
      } else {
        child.awaitOpened();
        startupNanos += System.nanoTime() - t0;
        Thread.sleep(100 + random.nextInt(900));
      }
      child.kill();
      long reported = child.lastCommitted();
      long before = head;
      long t1 = System.nanoTime();
      try (RocksDbKvStore store = RocksDbKvStore.open(dir, Schema.DEFINITION)) {
        ChainStore chain = new ChainStore(store);
        head = chain.head().map(BlockRef::height).orElse(-1L);
        String at = "kill " + kill + " (child reported " + reported + ", head before " + before + ")";
        assertTrue(head >= reported, at + ": head " + head + " lost a reported commit");
        assertTrue(head >= before, at + ": head went back to " + head);
        assertTrue(head <= Math.max(reported, before) + 1, at + ": head " + head + " is past the one append in "
            + "flight");
        if (head >= 0) {
          assertEquals(expected.at(head).ref(), chain.head().orElseThrow(), at);
        }
        for (long h = 0; h <= head; h++) {
          expected.assertStored(chain, h, at);
        }
        expected.assertAbsent(chain, head + 1, at);
        verified = head;
      }
      verifyNanos += System.nanoTime() - t1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("crash test: %d kills (%d during start-up), head %d, %.1f s (child start-up %.1f s, "
        + "verification %.1f s)%n", KILLS, killedDuringStartup, verified, seconds, startupNanos / 1e9,
        verifyNanos / 1e9);
    assertTrue(verified >= KILLS, "the writer appended only " + (verified + 1) + " blocks in " + KILLS + " runs");
  }

  /**
   * rocksdbjni copies its 15 MB library out of the jar at every start unless it finds it on
   * java.library.path: do that once for all children, which start 20 times on a loaded machine.
   */
  private static Path extractRocksDbLibrary(Path dir) throws IOException {
    String name = "librocksdbjni-linux64.so";
    Files.createDirectories(dir);
    try (var in = org.rocksdb.RocksDB.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      Files.copy(in, dir.resolve(name));
    }
    return dir;
  }

  /** What the writer appends at each height: small parts kept, deltas rebuilt when compared. */
  private static final class Expected {
    private final SyntheticChain synthetic;
    private final List<CommittedBlock> blocks = new ArrayList<>();

    Expected(SyntheticChain synthetic) {
      this.synthetic = synthetic;
    }

    /** The block at {@code height} without its delta bytes (they are rebuilt on demand). */
    CommittedBlock at(long height) {
      while (blocks.size() <= height) {
        Hash32 parent = blocks.isEmpty() ? Hash32.ZERO : blocks.get(blocks.size() - 1).hash();
        CommittedBlock b = synthetic.block(blocks.size(), parent);
        List<CommittedBlock.Delta> hashesOnly = b.deltas().stream()
            .map(d -> new CommittedBlock.Delta(d.hash(), new byte[0])).toList();
        blocks.add(new CommittedBlock(b.height(), b.hash(), b.parentHash(), b.block(), hashesOnly, b.stateRoot(),
            b.state(), b.newModel()));
      }
      return blocks.get((int) height);
    }

    void assertStored(ChainStore chain, long height, String at) {
      CommittedBlock b = at(height);
      String where = at + ", height " + height;
      assertEquals(Optional.of(b.hash()), chain.blockHash(height), where);
      assertArrayEquals(b.block(), chain.blockByHash(b.hash()).orElseThrow(), where);
      List<Hash32> hashes = b.deltas().stream().map(CommittedBlock.Delta::hash).toList();
      assertEquals(hashes, chain.deltaHashes(height), where);
      for (int i = 0; i < hashes.size(); i++) {
        byte[] stored = chain.delta(hashes.get(i)).orElseThrow(() -> new AssertionError(where + ": delta missing"));
        assertArrayEquals(synthetic.delta(height, hashes.indexOf(hashes.get(i))), stored, where + ", delta " + i);
      }
      assertArrayEquals(b.state(), chain.stateAt(height).orElseThrow(), where);
      b.newModel().ifPresent(m -> {
        assertEquals(Optional.of(new ModelVersion(m.version(), height, m.hash())), chain.modelVersion(m.version()),
            where);
        assertArrayEquals(m.parameters(), chain.model(m.hash()).orElseThrow(), where);
      });
    }

    void assertAbsent(ChainStore chain, long height, String at) {
      CommittedBlock b = at(height);
      String where = at + ", height " + height + " (past the head)";
      assertEquals(Optional.empty(), chain.blockHash(height), where);
      assertEquals(Optional.empty(), chain.blockByHash(b.hash()), where);
      assertEquals(List.of(), chain.deltaHashes(height), where);
      for (CommittedBlock.Delta d : b.deltas()) {
        assertEquals(Optional.empty(), chain.delta(d.hash()), where + ": a delta of an append that did not happen");
      }
      assertEquals(Optional.empty(), chain.stateRoot(height), where);
      b.newModel().ifPresent(m -> assertEquals(Optional.empty(), chain.modelVersion(m.version()), where));
    }
  }

  /** The writer process and the lines it printed. */
  private static final class Child {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private Child(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          lines.add("reader failed: " + e);
        }
        lines.add("<eof>");
      }, "crash-writer-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path dir, long seed, Path nativeDir) throws IOException {
      Path stderr = Files.createTempFile("crash-writer", ".err");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC"));
      if (nativeDir != null) {
        command.add("-Djava.library.path=" + nativeDir);
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
          dir.toString(), Long.toString(seed)));
      Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      return new Child(p, stderr);
    }

    void awaitOpened() throws Exception {
      List<String> seen = new ArrayList<>();
      while (true) {
        String line = lines.poll(120, TimeUnit.SECONDS);
        if (line == null || line.equals("<eof>")) {
          process.destroyForcibly().waitFor();
          fail("the writer never opened the store; stdout " + seen + ", stderr:\n" + Files.readString(stderr));
        }
        seen.add(line);
        if (line.startsWith("opened ")) {
          lines.addAll(seen.subList(0, seen.size() - 1));
          return;
        }
      }
    }

    /** SIGKILL on Linux: no shutdown hooks, no close. */
    void kill() throws Exception {
      boolean wasAlive = process.isAlive();
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
      if (!wasAlive) {
        fail("the writer exited by itself (" + process.exitValue() + "): " + Files.readString(stderr));
      }
      Files.deleteIfExists(stderr);
    }

    /** The last height printed as committed, or -1; call after {@link #kill}. */
    long lastCommitted() throws InterruptedException {
      long last = -1;
      while (true) {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null || line.equals("<eof>")) {
          return last;
        }
        if (line.startsWith("committed ")) {
          last = Long.parseLong(line.substring("committed ".length()));
        }
      }
    }
  }
}
