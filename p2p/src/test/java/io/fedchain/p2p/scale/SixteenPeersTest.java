package io.fedchain.p2p.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sixteen complete {@link P2PNetwork}s in one JVM over real loopback sockets (TCP, Noise, yamux,
 * gossipsub), joined in a seeded random sparse graph: the meshes must settle within [D_lo, D_hi]
 * and every published message must reach every other node's application exactly once.
 */
class SixteenPeersTest {
  private static final String TOPIC = "/fedchain/test/updates";
  private static final int NODES = 16;
  /** Each node dials this many others, so every node has at least that many neighbours: D_lo = 5 needs 5. */
  private static final int DIALS_PER_NODE = 5;
  private static final int MESSAGES = 200;
  /** Another graph and other publishers: {@code -Dsixteen.seed=N}. */
  private static final long SEED = Long.getLong("sixteen.seed", 1616);

  private final List<P2PNetwork> nets = new ArrayList<>();

  @AfterEach
  void shutDown() {
    nets.forEach(P2PNetwork::close);
  }

  /** Counts what one node's application receives; runs on that node's gossip thread. */
  private static final class Recorder implements TopicHandler {
    final AtomicIntegerArray deliveries = new AtomicIntegerArray(MESSAGES);
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    final AtomicReferenceArray<byte[]> expected;
    final int node;

    Recorder(int node, AtomicReferenceArray<byte[]> expected) {
      this.node = node;
      this.expected = expected;
    }

    @Override
    public ValidationResult validate(GossipMessage message) {
      return ValidationResult.accept();
    }

    @Override
    public void deliver(GossipMessage message) {
      byte[] data = message.data();
      int index = ByteBuffer.wrap(data).getInt();
      if (index < 0 || index >= MESSAGES) {
        problems.add("node " + node + " got a message with index " + index);
        return;
      }
      int times = deliveries.incrementAndGet(index);
      if (times > 1) {
        problems.add("node " + node + " got message " + index + " " + times + " times");
      }
      byte[] want = expected.get(index);
      if (want == null || !Arrays.equals(want, data)) {
        problems.add("node " + node + " got message " + index + " with other bytes than were published");
      }
    }
  }

  /** Heartbeats and anomalies of one node's router. */
  private static final class Counters implements GossipMetrics {
    final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicInteger invalid = new AtomicInteger();
    final AtomicInteger malformed = new AtomicInteger();

    @Override
    public void meshSize(String topic, int size) {
      heartbeats.incrementAndGet(); // one topic: called once per heartbeat
    }

    @Override
    public void invalidMessage(String topic, String reason) {
      invalid.incrementAndGet();
    }

    @Override
    public void malformedRpc(PeerId peer, String reason) {
      malformed.incrementAndGet();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // a hang guard only; nothing here is timed
  void sixteenPeersShouldSettleTheirMeshesAndDeliverEveryMessageExactlyOnce() throws Exception {
    Random random = new Random(SEED);
    AtomicReferenceArray<byte[]> published = new AtomicReferenceArray<>(MESSAGES);
    List<Recorder> recorders = new ArrayList<>();
    List<Counters> counters = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      Counters c = new Counters();
      P2PNetwork net = new P2PNetwork(P2PNetwork.Config.defaults(oneIoThread(Identity.random())), P2PMetrics.NOOP, c);
      nets.add(net);
      counters.add(c);
      Recorder r = new Recorder(i, published);
      recorders.add(r);
      net.subscribe(TOPIC, r).get(10, TimeUnit.SECONDS);
      net.start();
    }
    GossipConfig gossip = nets.get(0).gossip().router().config(); // immutable: readable off the router's thread

    Topology topology = Topology.random(random);
    List<Set<Integer>> neighbours = topology.neighbours();
    assertConnected(neighbours);
    for (int i = 0; i < NODES; i++) {
      for (int j : topology.dials().get(i)) {
        // Pairs that picked each other dial at once; the hosts keep one connection. A dial may
        // fail in that race, so the test judges the connections that result, not the dials.
        nets.get(i).dial(nets.get(j).listenAddrs().get(0));
      }
    }
    Map<PeerId, Integer> index = new HashMap<>();
    for (int i = 0; i < NODES; i++) {
      index.put(nets.get(i).peerId(), i);
    }
    waitUntil("every node connected to exactly its planned neighbours", 30, () -> {
      for (int i = 0; i < NODES; i++) {
        Set<Integer> connected = new HashSet<>();
        nets.get(i).connectedPeers().forEach(p -> connected.add(index.get(p)));
        if (!connected.equals(neighbours.get(i))) {
          return "node " + i + " is connected to " + connected + ", planned " + neighbours.get(i);
        }
      }
      return null;
    });

    waitUntil("every mesh within [D_lo, D_hi] and every mesh link mutual", 45, () -> {
      List<Set<PeerId>> meshes = meshes();
      for (int i = 0; i < NODES; i++) {
        Set<PeerId> m = meshes.get(i);
        if (m.size() < gossip.dLo() || m.size() > gossip.dHi()) {
          return "node " + i + " has a mesh of " + m.size();
        }
        for (PeerId p : m) {
          if (!meshes.get(index.get(p)).contains(nets.get(i).peerId())) {
            return "mesh link " + i + " -> " + index.get(p) + " is one-sided";
          }
        }
      }
      return null;
    });
    List<Set<PeerId>> meshes = meshes();
    for (int i = 0; i < NODES; i++) {
      int size = meshes.get(i).size();
      assertTrue(size >= gossip.dLo() && size <= gossip.dHi(), "node " + i + " has a mesh of " + size);
      for (PeerId p : meshes.get(i)) {
        assertTrue(neighbours.get(i).contains(index.get(p)), "node " + i + " meshes with " + index.get(p)
            + ", which it is not connected to");
      }
    }

    int[] publisher = new int[MESSAGES];
    for (int m = 0; m < MESSAGES; m++) {
      byte[] data = new byte[4 + 16 + random.nextInt(2048)];
      random.nextBytes(data);
      ByteBuffer.wrap(data).putInt(m);
      published.set(m, data);
      publisher[m] = random.nextInt(NODES);
      PublishResult r = nets.get(publisher[m]).publish(TOPIC, data).get(10, TimeUnit.SECONDS);
      assertTrue(assertInstanceOf(PublishResult.Published.class, r, "message " + m).recipients() > 0);
    }

    waitUntil("every message delivered to every node but its publisher", 30, () -> {
      for (int i = 0; i < NODES; i++) {
        for (int m = 0; m < MESSAGES; m++) {
          if (publisher[m] != i && recorders.get(i).deliveries.get(m) == 0) {
            return "node " + i + " lacks message " + m + " (published by " + publisher[m] + ")";
          }
        }
      }
      return null;
    });
    // Late copies (mesh forwards still in flight, IWANT answers to IHAVEs) must not be delivered
    // again: wait until every router has advertised the messages for the last time (mcacheGossip
    // heartbeats) and one more, then count.
    int[] beatsNow = counters.stream().mapToInt(c -> c.heartbeats.get()).toArray();
    waitUntil("every router past the gossip window of the messages", 30, () -> {
      for (int i = 0; i < NODES; i++) {
        if (counters.get(i).heartbeats.get() < beatsNow[i] + gossip.mcacheGossip() + 1) {
          return "node " + i + " has had " + (counters.get(i).heartbeats.get() - beatsNow[i]) + " heartbeats";
        }
      }
      return null;
    });

    for (int i = 0; i < NODES; i++) {
      Recorder r = recorders.get(i);
      assertEquals(List.of(), List.copyOf(r.problems), "node " + i);
      for (int m = 0; m < MESSAGES; m++) {
        assertEquals(publisher[m] == i ? 0 : 1, r.deliveries.get(m), "deliveries of message " + m + " (published by "
            + publisher[m] + ") at node " + i);
      }
      assertEquals(0, counters.get(i).invalid.get(), "invalid messages at node " + i);
      assertEquals(0, counters.get(i).malformed.get(), "malformed RPCs at node " + i);
    }
  }

  private static HostConfig oneIoThread(Identity id) {
    HostConfig d = HostConfig.defaults(id);
    return new HostConfig(d.identity(), d.listen(), d.agentVersion(), d.negotiationTimeout(), d.handshakeTimeout(),
        d.maxConnections(), d.yamux(), d.gater(), 1);
  }

  /** Whom each node dials, and the resulting undirected graph (a pair may pick each other). */
  private record Topology(List<List<Integer>> dials, List<Set<Integer>> neighbours) {
    static Topology random(Random random) {
      List<List<Integer>> dials = new ArrayList<>();
      List<Set<Integer>> neighbours = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        neighbours.add(new HashSet<>());
      }
      for (int i = 0; i < NODES; i++) {
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < NODES; j++) {
          if (j != i) {
            others.add(j);
          }
        }
        Collections.shuffle(others, random);
        dials.add(List.copyOf(others.subList(0, DIALS_PER_NODE)));
        for (int j : dials.get(i)) {
          neighbours.get(i).add(j);
          neighbours.get(j).add(i);
        }
      }
      return new Topology(dials, neighbours);
    }
  }

  private static void assertConnected(List<Set<Integer>> g) {
    Set<Integer> reached = new HashSet<>(List.of(0));
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
    while (!queue.isEmpty()) {
      for (int j : g.get(queue.poll())) {
        if (reached.add(j)) {
          queue.add(j);
        }
      }
    }
    assertEquals(NODES, reached.size(), "the planned graph is not connected: " + g);
  }

  private List<Set<PeerId>> meshes() throws Exception {
    List<Set<PeerId>> out = new ArrayList<>();
    for (P2PNetwork net : nets) {
      out.add(net.gossip().call(() -> net.gossip().router().meshPeers(TOPIC)).get(10, TimeUnit.SECONDS));
    }
    return out;
  }

  /** A condition: null when it holds, else what is still missing. */
  private interface Check {
    String missing() throws Exception;
  }

  private static void waitUntil(String what, int seconds, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String missing = check.missing();
    while (missing != null) {
      if (System.nanoTime() > deadline) {
        fail("not reached within " + seconds + " s: " + what + "; still: " + missing);
      }
      Thread.sleep(50);
      missing = check.missing();
    }
  }
}
