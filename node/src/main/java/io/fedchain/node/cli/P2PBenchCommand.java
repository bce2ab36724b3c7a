package io.fedchain.node.cli;

import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.host.P2PStream;
import io.fedchain.p2p.host.StreamHandler;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.noise.CipherState;
import io.fedchain.p2p.noise.NoiseFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fedchain bench p2p}: what the libp2p stack carries on this machine. First one encrypted
 * stream between two hosts, next to the in-process ChaCha20-Poly1305 rate that bounds it; then
 * gossip among many {@link P2PNetwork}s on loopback, publishing model-delta-sized messages one at
 * a time and timing every delivery with {@link System#nanoTime()} in this one JVM.
 */
@Command(name = "p2p", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Encrypted stream MB/s against the ChaCha20-Poly1305 ceiling; gossip delivery latency and "
        + "duplicates among nodes on loopback."})
final class P2PBenchCommand implements Callable<Integer> {
  private static final String SINK = "/fedchain/bench/sink/1.0.0";
  private static final String TOPIC = "/fedchain/bench/deltas";
  /** Each gossip node dials this many others: at least D_lo = 5 neighbours for every node. */
  private static final int DIALS_PER_NODE = 5;
  private static final int CHUNK = 1 << 20;
  private static final long CIPHER_BYTES_PER_RUN = 64L << 20;

  @Spec
  CommandSpec spec;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs of the stream and cipher figures "
      + "(default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--mib", defaultValue = "256", description = "MiB sent over the stream per run "
      + "(default: ${DEFAULT-VALUE}).")
  int mib;

  @Option(names = "--nodes", defaultValue = "16", description = "Gossip nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--messages", defaultValue = "50", description = "Gossip messages, published one at a time "
      + "(default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--message-kb", defaultValue = "400", description = "Size of a gossip message in kB of 1000 "
      + "bytes (default: ${DEFAULT-VALUE}, a model delta of the MLP).")
  int messageKb;

  @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for one message to reach "
      + "every node before counting it lost (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the gossip graph, publishers and data "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Also write the report (markdown) to this file.")
  Optional<Path> out;

  private PrintWriter err;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || mib < 1 || messages < 1 || messageKb < 1 || timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(),
          "--runs, --mib, --messages, --message-kb and --timeout must be at least 1");
    }
    if (nodes <= DIALS_PER_NODE) {
      throw new ParameterException(spec.commandLine(), "--nodes must be at least " + (DIALS_PER_NODE + 1)
          + " so that every node can keep a mesh of D_lo = 5 peers, got " + nodes);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    String loadBefore = BenchReports.loadAverage();
    List<String> lines = new ArrayList<>();
    lines.add("# fedchain bench p2p");
    lines.add("");
    lines.add("Machine: " + MachineInfo.describe());
    lines.add("");
    lines.add(String.format("Command: bin/fedchain bench p2p --runs %d --mib %d --nodes %d --messages %d "
        + "--message-kb %d --timeout %d --seed %d", runs, mib, nodes, messages, messageKb, timeoutSeconds, seed));
    lines.add("");

    Rate stream = streamThroughput();
    Rate sealOpen = cipherRate(true);
    Rate sealOnly = cipherRate(false);
    lines.add("## One encrypted stream (TCP, Noise, yamux) on loopback");
    lines.add("");
    lines.add("Two hosts in this JVM (default host config: 2 event-loop threads each), one connection, one stream; "
        + mib + " MiB written per run as fast as yamux flow control admits. MB/s = 10^6 bytes of payload per "
        + "second, first write to last byte received; median of " + runs + " runs after one warm-up run, "
        + "[min-max]. The cipher rows run the project's CipherState in one thread on "
        + String.format("%,d", NoiseFrames.MAX_PLAINTEXT_LENGTH) + "-byte frames (a full Noise frame). On the "
        + "connection the sender seals and the receiver opens, each on its own event loop: with two idle cores "
        + "the ceiling is the seal-only rate, with one core the seal + open rate. MB per CPU-second divides by the "
        + "CPU time used (the whole process for the stream, both hosts and the JVM's own threads; the measuring "
        + "thread for the cipher): it depends less on the machine's load than MB/s does, though a CPU-second on a "
        + "crowded machine still does less work.");
    lines.add("");
    lines.add("| what | MB/s | MB per CPU-second |");
    lines.add("|---|---|---|");
    lines.add("| stream payload received | " + stream + " |");
    lines.add("| ChaCha20-Poly1305 seal + open, one thread | " + sealOpen + " |");
    lines.add("| ChaCha20-Poly1305 seal only, one thread | " + sealOnly + " |");
    lines.add("");

    lines.addAll(gossipPropagation());
    String loadAfter = BenchReports.loadAverage();
    lines.add("");
    lines.add("Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter + ".");

    String report = String.join("\n", lines) + "\n";
    BenchReports.emit(stdout, out, report);
    return 0;
  }

  // ---------------------------------------------------------------- one stream

  private record Received(long bytes, long lastByteNanos) {}

  /** Counts what arrives on one stream; the stream's end completes the current run. */
  private static final class Sink implements StreamHandler {
    private final CompletableFuture<Received> done;
    private long bytes;
    private long lastByteNanos;

    Sink(CompletableFuture<Received> done) {
      this.done = done;
    }

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      bytes += data.readableBytes();
      lastByteNanos = System.nanoTime();
      data.release();
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      done.complete(new Received(bytes, lastByteNanos));
      stream.closeWrite();
    }

    @Override
    public void onReset(P2PStream stream) {
      done.completeExceptionally(new IOException("the benchmark stream was reset after " + bytes + " bytes"));
    }
  }

  /** {median, min, max} over the runs of MB/s and of MB per CPU-second. */
  private record Rate(double[] perSecond, double[] perCpuSecond) {
    static Rate of(double[] perSecond, double[] perCpuSecond) {
      return new Rate(medianMinMax(perSecond), medianMinMax(perCpuSecond));
    }

    @Override
    public String toString() {
      return range(perSecond) + " | " + (Double.isNaN(perCpuSecond[0]) ? "-" : range(perCpuSecond));
    }
  }

  private Rate streamThroughput() throws Exception {
    AtomicReference<CompletableFuture<Received>> current = new AtomicReference<>();
    try (Host sender = new Host(HostConfig.defaults(Identity.random()));
        Host receiver = new Host(HostConfig.defaults(Identity.random()))) {
      receiver.setStreamHandler(SINK, () -> new Sink(current.get()));
      receiver.start();
      sender.start();
      sender.dial(receiver.listenAddrs().get(0)).get(30, TimeUnit.SECONDS);
      byte[] chunk = new byte[CHUNK];
      new Random(seed).nextBytes(chunk);
      long total = (long) mib << 20;
      progress("stream: warm-up with %d MiB", Math.min(mib, 64));
      sendOnce(sender, receiver.peerId(), current, chunk, Math.min(total, 64L << 20));
      double[] rates = new double[runs];
      double[] cpuRates = new double[runs];
      for (int r = 0; r < runs; r++) {
        long cpuStart = processCpuNanos();
        rates[r] = sendOnce(sender, receiver.peerId(), current, chunk, total);
        cpuRates[r] = cpuStart < 0 ? Double.NaN : total / 1e6 / ((processCpuNanos() - cpuStart) / 1e9);
        progress("stream: run %d/%d: %.0f MB/s, %.0f MB per CPU-second", r + 1, runs, rates[r], cpuRates[r]);
      }
      return Rate.of(rates, cpuRates);
    }
  }

  private double sendOnce(Host sender, PeerId to, AtomicReference<CompletableFuture<Received>> current, byte[] chunk,
      long total) throws Exception {
    CompletableFuture<Received> done = new CompletableFuture<>();
    current.set(done);
    P2PStream s = sender.newStream(to, List.of(SINK), (stream, data) -> data.release()).get(30, TimeUnit.SECONDS);
    long start = System.nanoTime();
    // Every write wraps the same array: the stack only reads it, and the data's content does not
    // change the cost of encrypting it.
    for (long sent = 0; sent < total; sent += chunk.length) {
      s.write(Unpooled.wrappedBuffer(chunk, 0, (int) Math.min(chunk.length, total - sent)));
    }
    s.closeWrite();
    long limitSeconds = Math.max(120, (total >> 20) * 2); // fails below 0.5 MiB/s: something is wrong then
    Received r = done.get(limitSeconds, TimeUnit.SECONDS);
    if (r.bytes() != total) {
      throw new IllegalStateException("the stream delivered " + r.bytes() + " bytes of " + total + " sent");
    }
    return total / 1e6 / ((r.lastByteNanos() - start) / 1e9);
  }

  /** MB/s of plaintext through CipherState, sealing and (if asked) opening. */
  private Rate cipherRate(boolean open) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] key = new byte[CipherState.KEY_LENGTH];
    new Random(seed).nextBytes(key);
    CipherState sealer = CipherState.withKey(key);
    CipherState opener = CipherState.withKey(key);
    int len = NoiseFrames.MAX_PLAINTEXT_LENGTH;
    byte[] plain = new byte[len];
    byte[] sealed = new byte[len + CipherState.TAG_LENGTH];
    byte[] ad = new byte[0];
    double[] rates = new double[runs + 1];
    double[] cpuRates = new double[runs + 1];
    for (int r = 0; r <= runs; r++) { // run 0 is the warm-up
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long done = 0;
      while (done < CIPHER_BYTES_PER_RUN) {
        int n = sealer.encryptWithAd(ad, plain, 0, len, sealed, 0);
        if (open) {
          opener.decryptWithAd(ad, sealed, 0, n, plain, 0);
        }
        done += len;
      }
      rates[r] = done / 1e6 / ((System.nanoTime() - start) / 1e9);
      cpuRates[r] = done / 1e6 / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
    Rate result = Rate.of(Arrays.copyOfRange(rates, 1, rates.length), Arrays.copyOfRange(cpuRates, 1, rates.length));
    progress("cipher (%s): %s MB/s | MB per CPU-second", open ? "seal + open" : "seal", result);
    return result;
  }

  // ---------------------------------------------------------------- gossip

  /** One node's counters; called on its router thread. */
  private static final class NodeMetrics implements GossipMetrics {
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();

    @Override
    public void duplicateMessage(String topic) {
      duplicates.incrementAndGet();
    }

    @Override
    public void bytesOut(int bytes) {
      bytesOut.addAndGet(bytes);
    }
  }

  /** Records when each message reaches this node's application. */
  private final class Deliveries implements TopicHandler {
    private final int node;
    private final AtomicLongArray at;
    private final CountDownLatch[] complete;
    private final AtomicInteger repeated;

    Deliveries(int node, AtomicLongArray at, CountDownLatch[] complete, AtomicInteger repeated) {
      this.node = node;
      this.at = at;
      this.complete = complete;
      this.repeated = repeated;
    }

    @Override
    public ValidationResult validate(GossipMessage message) {
      return ValidationResult.accept();
    }

    @Override
    public void deliver(GossipMessage message) {
      long now = System.nanoTime();
      int index = message.dataView().getInt();
      if (index < 0 || index >= messages) {
        return;
      }
      if (at.compareAndSet(index * nodes + node, 0, now)) {
        complete[index].countDown();
      } else {
        repeated.incrementAndGet();
      }
    }
  }

  private List<String> gossipPropagation() throws Exception {
    Random random = new Random(seed);
    AtomicLongArray deliveredAt = new AtomicLongArray(messages * nodes);
    CountDownLatch[] complete = new CountDownLatch[messages];
    for (int m = 0; m < messages; m++) {
      complete[m] = new CountDownLatch(nodes - 1);
    }
    AtomicInteger repeated = new AtomicInteger();
    List<P2PNetwork> nets = new ArrayList<>();
    List<NodeMetrics> metrics = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        NodeMetrics nm = new NodeMetrics();
        P2PNetwork net = new P2PNetwork(P2PNetwork.Config.defaults(oneIoThread(Identity.random())), P2PMetrics.NOOP,
            nm);
        nets.add(net);
        metrics.add(nm);
        net.subscribe(TOPIC, new Deliveries(i, deliveredAt, complete, repeated)).get(10, TimeUnit.SECONDS);
        net.start();
      }
      GossipConfig gossip = nets.get(0).gossip().router().config();
      List<Set<Integer>> neighbours = connectRandomly(nets, random);
      int[] meshSizes = settleMeshes(nets, gossip);

      int size = messageKb * 1000;
      long[] publishedAt = new long[messages];
      List<Double> deliveryMs = new ArrayList<>();
      List<Double> lastMs = new ArrayList<>();
      int lost = 0;
      long missing = 0;
      long cpuStart = processCpuNanos();
      for (int m = 0; m < messages; m++) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        ByteBuffer.wrap(data).putInt(m);
        int publisher = random.nextInt(nodes);
        publishedAt[m] = System.nanoTime();
        PublishResult r = nets.get(publisher).publish(TOPIC, data).get(timeoutSeconds, TimeUnit.SECONDS);
        if (!(r instanceof PublishResult.Published)) {
          throw new IllegalStateException("message " + m + " from node " + publisher + " was not published: " + r);
        }
        boolean everywhere = complete[m].await(timeoutSeconds, TimeUnit.SECONDS);
        long last = 0;
        for (int i = 0; i < nodes; i++) {
          long t = deliveredAt.get(m * nodes + i);
          if (i != publisher && t != 0) {
            deliveryMs.add((t - publishedAt[m]) / 1e6);
            last = Math.max(last, t);
          }
        }
        if (everywhere) {
          lastMs.add((last - publishedAt[m]) / 1e6);
        } else {
          lost++;
          missing += complete[m].getCount();
        }
        // Let the copies still in flight arrive, so they count as this message's duplicates and do
        // not queue ahead of the next message.
        waitQuiet(metrics);
        progress("gossip: message %d/%d, last delivery %s", m + 1, messages,
            everywhere ? String.format("%.1f ms", lastMs.get(lastMs.size() - 1)) : "missing");
      }
      double cpuMsPerMessage = cpuStart < 0 ? Double.NaN : (processCpuNanos() - cpuStart) / 1e6 / messages;
      long duplicates = metrics.stream().mapToLong(x -> x.duplicates.get()).sum();
      long bytesOut = metrics.stream().mapToLong(x -> x.bytesOut.get()).sum();
      return gossipReport(neighbours, meshSizes, deliveryMs, lastMs, lost, missing, repeated.get(), duplicates,
          bytesOut, size, cpuMsPerMessage);
    } finally {
      nets.forEach(P2PNetwork::close);
    }
  }

  private List<String> gossipReport(List<Set<Integer>> neighbours, int[] meshSizes, List<Double> deliveryMs,
      List<Double> lastMs, int lost, long missing, int repeated, long duplicates, long bytesOut, int size,
      double cpuMsPerMessage) {
    int minDegree = neighbours.stream().mapToInt(Set::size).min().orElse(0);
    int maxDegree = neighbours.stream().mapToInt(Set::size).max().orElse(0);
    List<String> lines = new ArrayList<>();
    lines.add("## Gossip propagation among " + nodes + " nodes on loopback");
    lines.add("");
    lines.add(nodes + " P2PNetworks in this JVM (1 event-loop thread each, gossipsub defaults with flood "
        + "publishing), each dialing " + DIALS_PER_NODE + " random others (seed " + seed + "): " + minDegree + "-"
        + maxDegree + " neighbours, meshes of " + Arrays.stream(meshSizes).min().orElse(0) + "-"
        + Arrays.stream(meshSizes).max().orElse(0) + " peers. " + messages + " messages of "
        + String.format("%,d", size) + " bytes, each from a random node, one at a time: the next goes out once "
        + "every node has the last and its duplicate copies have stopped arriving. Latency runs from just before "
        + "publish (so it includes signing) to the handler's deliver, by System.nanoTime() in this one JVM.");
    lines.add("");
    lines.add("| latency (ms) | samples | p50 | p99 | max |");
    lines.add("|---|---|---|---|---|");
    lines.add(latencyRow("each delivery (message, node)", deliveryMs));
    lines.add(latencyRow("last delivery of a message", lastMs));
    lines.add("");
    double perMessagePerNode = (double) duplicates / messages / nodes;
    lines.add(String.format("Duplicates: %.2f copies per message per node on average (copies a node received after "
        + "the first, the publisher's own message coming back included; GossipMetrics.duplicateMessage). "
        + "Gossip RPC bytes sent per message, all nodes: %.1f MB, %.1f times one copy to each of the %d "
        + "receivers.",
        perMessagePerNode, bytesOut / 1e6 / messages, (double) bytesOut / messages / ((double) size * (nodes - 1)),
        nodes - 1));
    lines.add("");
    lines.add(String.format("CPU time of this JVM per message (all %d nodes, signing to the last duplicate): %.0f ms.",
        nodes, cpuMsPerMessage));
    lines.add("");
    lines.add(String.format("Not delivered everywhere within %d s: %d of %d messages (%d deliveries missing). "
        + "Delivered twice to an application: %d.", timeoutSeconds, lost, messages, missing, repeated));
    return lines;
  }

  private static String latencyRow(String what, List<Double> ms) {
    if (ms.isEmpty()) {
      return "| " + what + " | 0 | - | - | - |";
    }
    List<Double> s = new ArrayList<>(ms);
    Collections.sort(s);
    return String.format("| %s | %d | %.1f | %.1f | %.1f |", what, s.size(), percentile(s, 0.50), percentile(s, 0.99),
        s.get(s.size() - 1));
  }

  /** Nearest rank: the smallest sample with at least a fraction {@code p} of the samples at or below it. */
  private static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** Dials as planned and waits until every node has exactly its planned neighbours. */
  private List<Set<Integer>> connectRandomly(List<P2PNetwork> nets, Random random) throws Exception {
    List<Set<Integer>> neighbours = new ArrayList<>();
    List<List<Integer>> dials = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      neighbours.add(new HashSet<>());
    }
    for (int i = 0; i < nodes; i++) {
      List<Integer> others = new ArrayList<>();
      for (int j = 0; j < nodes; j++) {
        if (j != i) {
          others.add(j);
        }
      }
      Collections.shuffle(others, random);
      dials.add(others.subList(0, DIALS_PER_NODE));
      for (int j : dials.get(i)) {
        neighbours.get(i).add(j);
        neighbours.get(j).add(i);
      }
    }
    if (!isConnected(neighbours)) {
      throw new IllegalStateException("the random graph of seed " + seed + " is not connected; try another --seed");
    }
    for (int i = 0; i < nodes; i++) {
      for (int j : dials.get(i)) {
        // Pairs that picked each other dial at once and the hosts keep one connection; the wait
        // below judges the result, not each dial.
        nets.get(i).dial(nets.get(j).listenAddrs().get(0));
      }
    }
    Map<PeerId, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes; i++) {
      index.put(nets.get(i).peerId(), i);
    }
    await("every node connected to its planned neighbours", 60, () -> {
      for (int i = 0; i < nodes; i++) {
        Set<Integer> connected = new HashSet<>();
        nets.get(i).connectedPeers().forEach(p -> connected.add(index.get(p)));
        if (!connected.equals(neighbours.get(i))) {
          return false;
        }
      }
      return true;
    });
    return neighbours;
  }

  private static boolean isConnected(List<Set<Integer>> g) {
    Set<Integer> reached = new HashSet<>(List.of(0));
    List<Integer> frontier = new ArrayList<>(List.of(0));
    while (!frontier.isEmpty()) {
      int n = frontier.remove(frontier.size() - 1);
      for (int j : g.get(n)) {
        if (reached.add(j)) {
          frontier.add(j);
        }
      }
    }
    return reached.size() == g.size();
  }

  /** Waits until every mesh is within [D_lo, D_hi]; returns the sizes. */
  private int[] settleMeshes(List<P2PNetwork> nets, GossipConfig gossip) throws Exception {
    int[] sizes = new int[nodes];
    await("every gossip mesh within [D_lo, D_hi]", 60, () -> {
      for (int i = 0; i < nodes; i++) {
        P2PNetwork net = nets.get(i);
        try {
          sizes[i] = net.gossip().call(() -> net.gossip().router().meshPeers(TOPIC).size()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("reading the mesh of node " + i + ": " + e.getMessage(), e);
        }
        if (sizes[i] < gossip.dLo() || sizes[i] > gossip.dHi()) {
          return false;
        }
      }
      return true;
    });
    return sizes;
  }

  /** Returns once no node has received a duplicate for 100 ms (at most 5 s). */
  private static void waitQuiet(List<NodeMetrics> metrics) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long before = -1;
    long now = metrics.stream().mapToLong(x -> x.duplicates.get()).sum();
    while (now != before && System.nanoTime() < deadline) {
      before = now;
      Thread.sleep(100);
      now = metrics.stream().mapToLong(x -> x.duplicates.get()).sum();
    }
  }

  private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + seconds + " s: " + what
            + " (is the machine overloaded? see /proc/loadavg)");
      }
      Thread.sleep(50);
    }
  }

  private static HostConfig oneIoThread(Identity id) {
    HostConfig d = HostConfig.defaults(id);
    return new HostConfig(d.identity(), d.listen(), d.agentVersion(), d.negotiationTimeout(), d.handshakeTimeout(),
        d.maxConnections(), d.yamux(), d.gater(), 1);
  }

  private static double[] medianMinMax(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return new double[] {s[s.length / 2], s[0], s[s.length - 1]};
  }

  private static String range(double[] mmm) {
    return String.format("%.0f [%.0f-%.0f]", mmm[0], mmm[1], mmm[2]);
  }

  /** CPU time of this JVM (every thread), or a negative number where the JDK does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }


  private void progress(String format, Object... args) {
    err.println(String.format(format, args));
    err.flush();
  }
}
