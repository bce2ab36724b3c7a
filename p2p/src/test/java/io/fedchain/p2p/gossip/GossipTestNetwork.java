package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * N routers wired through one FIFO queue of RPCs, on a simulated clock: no threads, no sleeps.
 * {@link #pump()} delivers until the network is quiet; {@link #tick()} advances one heartbeat.
 * Fake peers are bare identities: RPCs sent to them are captured, and tests inject theirs.
 */
final class GossipTestNetwork {

  record Envelope(PeerId from, PeerId to, byte[] bytes) {
    Rpc decoded() {
      return RpcCodec.decode(bytes, GossipConfig.defaults().rpcLimits());
    }
  }

  /** Records what a topic delivers; validates with a swappable rule. */
  static final class RecordingHandler implements TopicHandler {
    final List<GossipMessage> delivered = new ArrayList<>();
    final Map<MessageId, Integer> deliveries = new HashMap<>();
    Function<GossipMessage, ValidationResult> rule = m -> ValidationResult.accept();
    java.util.function.Consumer<GossipMessage> afterDeliver = m -> { };
    int validations;

    @Override
    public ValidationResult validate(GossipMessage message) {
      validations++;
      return rule.apply(message);
    }

    @Override
    public void deliver(GossipMessage message) {
      delivered.add(message);
      deliveries.merge(message.id(), 1, Integer::sum);
      afterDeliver.accept(message);
    }
  }

  final class Node {
    final Identity identity;
    final GossipRouter router;
    final RecordingMetrics metrics = new RecordingMetrics();
    final Map<String, RecordingHandler> handlers = new HashMap<>();

    final List<PeerId> disconnectRequests = new ArrayList<>();
    final List<List<PeerId>> peerExchanges = new ArrayList<>();

    Node(Identity identity, GossipConfig config) {
      this.identity = identity;
      Outbound out = new Outbound() {
        @Override
        public void send(PeerId peer, byte[] rpc) {
          queue.add(new Envelope(identity.peerId(), peer, rpc));
        }

        @Override
        public void disconnect(PeerId peer, String reason) {
          disconnectRequests.add(peer);
        }

        @Override
        public void peerExchange(PeerId from, String topic, List<PeerId> candidates) {
          peerExchanges.add(candidates);
        }
      };
      this.router = new GossipRouter(config, identity, out, clock, new Random(random.nextLong()), metrics);
    }

    PeerId id() {
      return identity.peerId();
    }

    RecordingHandler subscribe(String topic) {
      RecordingHandler h = new RecordingHandler();
      handlers.put(topic, h);
      router.subscribe(topic, h);
      return h;
    }

    RecordingHandler handler(String topic) {
      return handlers.get(topic);
    }
  }

  final SimClock clock = new SimClock(1_700_000_000_000L);
  final Random random;
  final List<Node> nodes = new ArrayList<>();
  final Map<PeerId, Node> byId = new HashMap<>();
  final Map<PeerId, List<Envelope>> toFakes = new LinkedHashMap<>();
  final List<Envelope> trace = new ArrayList<>();
  private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
  Predicate<Envelope> drop = e -> false;
  boolean tracing;
  int dropped;

  GossipTestNetwork(long seed) {
    this.random = new Random(seed);
  }

  Identity newIdentity() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Identity.fromSeed(seed);
  }

  Node addNode(GossipConfig config) {
    Node n = new Node(newIdentity(), config);
    nodes.add(n);
    byId.put(n.id(), n);
    return n;
  }

  List<Node> addNodes(int count, GossipConfig config) {
    List<Node> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(addNode(config));
    }
    return added;
  }

  /** A peer that is only an identity: what routers send it is kept in {@link #toFakes}. */
  Identity addFake() {
    Identity id = newIdentity();
    toFakes.put(id.peerId(), new ArrayList<>());
    return id;
  }

  /** {@code dialer} opened the connection to {@code listener}. */
  void connect(Node dialer, Node listener) {
    dialer.router.addPeer(listener.id(), GossipRouter.MESHSUB_V11, true);
    listener.router.addPeer(dialer.id(), GossipRouter.MESHSUB_V11, false);
  }

  void connectFake(Identity fake, Node node, String protocol, boolean nodeDialed) {
    node.router.addPeer(fake.peerId(), protocol, nodeDialed);
  }

  /** Connects each node to {@code degree} random others (at least), deterministically. */
  void connectRandomly(int degree) {
    for (Node a : nodes) {
      List<Node> others = new ArrayList<>(nodes);
      others.remove(a);
      java.util.Collections.shuffle(others, random);
      for (Node b : others) {
        if (a.router.peers().size() >= degree) {
          break;
        }
        if (!a.router.peers().contains(b.id())) {
          connect(a, b);
        }
      }
    }
  }

  void inject(Identity fake, Node to, Rpc rpc) {
    to.router.onRpc(fake.peerId(), RpcCodec.encode(rpc));
    pump();
  }

  /** Delivers queued RPCs, and those they cause, until none is left. */
  void pump() {
    long steps = 0;
    while (!queue.isEmpty()) {
      if (++steps > 2_000_000L) {
        throw new AssertionError("the network does not quiesce");
      }
      Envelope e = queue.poll();
      if (tracing) {
        trace.add(e);
      }
      List<Envelope> fakeInbox = toFakes.get(e.to());
      if (fakeInbox != null) {
        fakeInbox.add(e);
        continue;
      }
      if (drop.test(e)) {
        dropped++;
        continue;
      }
      Node to = byId.get(e.to());
      if (to != null) {
        to.router.onRpc(e.from(), e.bytes());
      }
    }
  }

  /** One heartbeat interval passes: every router beats, then the network settles. */
  void tick() {
    clock.advance(Duration.ofSeconds(1));
    nodes.forEach(n -> n.router.heartbeat());
    pump();
  }

  void ticks(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  /** The control messages a fake peer received, flattened. */
  List<Rpc.Control> controlsTo(Identity fake) {
    return toFakes.get(fake.peerId()).stream().map(Envelope::decoded).flatMap(r -> r.control().stream()).toList();
  }

  List<PubsubMessage> messagesTo(Identity fake) {
    return toFakes.get(fake.peerId()).stream().map(Envelope::decoded).flatMap(r -> r.messages().stream()).toList();
  }
}
