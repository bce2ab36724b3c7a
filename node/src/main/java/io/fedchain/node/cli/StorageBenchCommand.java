package io.fedchain.node.cli;

import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.storage.Durability;
import io.fedchain.storage.RocksDbConfig;
import io.fedchain.storage.RocksDbConfig.Compression;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.chain.ChainStore;
import io.fedchain.storage.chain.CommittedBlock;
import io.fedchain.storage.chain.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain bench storage}: how fast the chain store appends blocks of 8 x 400 KB deltas and
 * how many bytes each block takes on disk, synced (as a node appends) and unsynced, with RocksDB's
 * blob files on and off and with blob compression. Every run starts from an empty database in a
 * new temporary directory. "CPU ms per block" is the process's CPU time (background threads
 * included) from the first append to the end of a final flush and full compaction, the figure
 * least moved by other load on the machine. "written / payload" is what reached the disk while
 * appending (WAL, flushes, compactions) over what was appended; the on-disk size is measured after
 * the final compaction.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "Blocks/s appended to the RocksDB chain store and bytes on disk per block, synced and not.")
final class StorageBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--blocks", defaultValue = "200", description = "Blocks appended per run (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--deltas", defaultValue = "8", description = "Deltas per block (default: ${DEFAULT-VALUE}).")
  int deltas;

  @Option(names = "--delta-kb", defaultValue = "400", description = "Size of each delta in kB (default: ${DEFAULT-VALUE}).")
  int deltaKb;

  @Option(names = "--codec", defaultValue = "float32",
      description = "Delta codec: float32, int8, int8:<chunk>, topk:<fraction> (default: ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = "--runs", defaultValue = "3", description = "Runs per setup (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--dir", description = "Where the temporary databases go (default: the JVM's temp directory).")
  Optional<Path> dir;

  @Option(names = "--out", description = "Also write the report (markdown) to this file.")
  Optional<Path> out;

  private record Setup(String label, RocksDbConfig config, Durability durability) {}

  /** {@code bytesWritten}: what the process sent to storage while appending (-1 where unknown). */
  private record Run(double blocksPerSecond, double p50Millis, double p99Millis, long bytesWritten, long bytesOnDisk,
      long cpuNanos) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (blocks < 1 || deltas < 0 || deltaKb < 1 || runs < 1) {
      throw new IllegalArgumentException("--blocks, --delta-kb and --runs must be at least 1, --deltas at least 0");
    }
    RocksDbConfig defaults = RocksDbConfig.defaults();
    List<Setup> setups = List.of(
        new Setup("blob files (default), sync", defaults, Durability.SYNC),
        new Setup("blob files (default), no sync", defaults, Durability.NO_SYNC),
        new Setup("blob files + ZSTD, no sync", defaults.withBlobCompression(Compression.ZSTD), Durability.NO_SYNC),
        new Setup("blob files + LZ4, no sync", defaults.withBlobCompression(Compression.LZ4), Durability.NO_SYNC),
        new Setup("no blob files (SST, LZ4), sync", defaults.withBlobFiles(false), Durability.SYNC),
        new Setup("no blob files (SST, LZ4), no sync", defaults.withBlobFiles(false), Durability.NO_SYNC));
    DeltaCodec deltaCodec = DeltaCodec.parse(codec);
    List<CommittedBlock> chain = StorageBenchBlocks.build(blocks, deltas, deltaKb, deltaCodec, 1);
    double payloadPerBlock = chain.stream().mapToLong(StorageBenchBlocks::payloadBytes).average().orElse(0);
    Path base = dir.isPresent() ? Files.createDirectories(dir.get()) : Path.of(System.getProperty("java.io.tmpdir"));

    List<String> lines = new ArrayList<>();
    lines.add("Machine: " + MachineInfo.describe() + "; /proc/loadavg at start: " + BenchReports.loadAverage());
    lines.add("Command: bin/fedchain bench storage --blocks " + blocks + " --deltas " + deltas + " --delta-kb "
        + deltaKb + " --codec " + deltaCodec.name() + " --runs " + runs + "; " + blocks + " blocks per run, each "
        + deltas + " deltas (" + deltaKb + " kB as float32, encoded " + deltaCodec.name()
        + ") + a 2.5 kB block + a 2 kB state (" + String.format("%,.0f", payloadPerBlock)
        + " bytes); median of " + runs + " runs, [min-max]; a fresh database per run in " + base + ".");
    lines.add("");
    lines.add("| setup | blocks/s | MB/s | append p50 (ms) | append p99 (ms) | CPU ms per block | written / payload "
        + "| bytes on disk per block | disk / payload |");
    lines.add("|---|---|---|---|---|---|---|---|---|");
    for (Setup setup : setups) {
      Run[] results = new Run[runs];
      for (int r = 0; r < runs; r++) {
        results[r] = run(setup, chain, base);
      }
      double[] rate = sorted(Arrays.stream(results).mapToDouble(Run::blocksPerSecond).toArray());
      double p50 = median(Arrays.stream(results).mapToDouble(Run::p50Millis).toArray());
      double p99 = median(Arrays.stream(results).mapToDouble(Run::p99Millis).toArray());
      double disk = median(Arrays.stream(results).mapToDouble(x -> (double) x.bytesOnDisk() / blocks).toArray());
      double written = median(Arrays.stream(results).mapToDouble(x -> (double) x.bytesWritten()).toArray());
      double cpu = median(Arrays.stream(results).mapToDouble(x -> x.cpuNanos() / 1e6 / blocks).toArray());
      lines.add(String.format("| %s | %.1f [%.1f-%.1f] | %.0f | %.1f | %.1f | %.1f | %s | %,.0f | %.3f |",
          setup.label(), rate[runs / 2], rate[0], rate[runs - 1], rate[runs / 2] * payloadPerBlock / 1e6, p50, p99,
          cpu,
          written < 0 ? "?" : String.format("%.2f", written / (payloadPerBlock * blocks)), disk,
          disk / payloadPerBlock));
      stdout.println(lines.get(lines.size() - 1));
      stdout.flush();
    }
    lines.add("");
    lines.add("/proc/loadavg at the end: " + BenchReports.loadAverage());
    String report = String.join("\n", lines) + "\n";
    BenchReports.emit(stdout, out, report);
    return 0;
  }

  private Run run(Setup setup, List<CommittedBlock> chain, Path base) throws IOException {
    Path db = Files.createTempDirectory(base, "fedchain-bench-storage-");
    try {
      long[] nanos = new long[chain.size()];
      long elapsed;
      long cpu;
      long written;
      long bytes;
      try (RocksDbKvStore store = RocksDbKvStore.open(db, Schema.DEFINITION, setup.config())) {
        ChainStore chainStore = new ChainStore(store, setup.durability());
        long writtenBefore = processBytesWritten();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < chain.size(); i++) {
          long t = System.nanoTime();
          chainStore.append(chain.get(i));
          nanos[i] = System.nanoTime() - t;
        }
        elapsed = System.nanoTime() - start;
        long writtenAfter = processBytesWritten();
        written = writtenBefore < 0 || writtenAfter < 0 ? -1 : writtenAfter - writtenBefore;
        store.compact();
        cpu = processCpuNanos() - cpuBefore;
        bytes = directoryBytes(db);
      }
      Arrays.sort(nanos);
      return new Run(chain.size() / (elapsed / 1e9), nanos[nanos.length / 2] / 1e6,
          nanos[(int) Math.min(nanos.length - 1, Math.ceil(nanos.length * 0.99) - 1)] / 1e6, written, bytes, cpu);
    } finally {
      deleteRecursively(db);
    }
  }

  /**
   * Bytes this process (RocksDB's background threads included) has sent to the storage layer, from
   * /proc/self/io: the write-ahead log, flushes and the compactions that ran while appending. -1
   * where the kernel does not say.
   */
  private static long processBytesWritten() {
    try {
      return Files.readAllLines(Path.of("/proc/self/io")).stream().filter(l -> l.startsWith("write_bytes:"))
          .mapToLong(l -> Long.parseLong(l.substring("write_bytes:".length()).trim())).findFirst().orElse(-1);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * CPU time of the whole process, RocksDB's background threads included: unlike wall time, it
   * hardly moves when other tenants load the machine.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Sum of the file sizes, write-ahead log and RocksDB's own files included. */
  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }


  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static double median(double[] values) {
    return sorted(values)[values.length / 2];
  }
}
