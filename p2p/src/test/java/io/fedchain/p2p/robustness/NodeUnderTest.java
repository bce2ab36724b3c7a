package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.ConnectionGater;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.host.PeerInfo;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.yamux.YamuxConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The node being attacked: a started {@link P2PNetwork} on loopback, subscribed to {@link #TOPIC},
 * with counting metrics and a record of every message delivered and every peer connected or
 * identified. {@link #assertStillServing} is the "node keeps serving" check each attack ends with.
 */
final class NodeUnderTest implements AutoCloseable {
  static final String TOPIC = "/fedchain/robustness/1";

  final Identity identity = Identity.random();
  final CountingP2PMetrics metrics = new CountingP2PMetrics();
  final CountingGossipMetrics gossipMetrics = new CountingGossipMetrics();
  final List<GossipMessage> delivered = new CopyOnWriteArrayList<>();
  final Set<PeerId> connected = ConcurrentHashMap.newKeySet();
  final Set<PeerId> identified = ConcurrentHashMap.newKeySet();
  final P2PNetwork net;
  /** Present on a permissioned node; each honest peer is made a member before it connects. */
  private final Optional<ConnectionGater.AllowList> members;
  private final AtomicInteger honestMessages = new AtomicInteger();

  private NodeUnderTest(Duration timeout, Optional<ConnectionGater.AllowList> members,
      UnaryOperator<GossipConfig> gossip) {
    this.members = members;
    HostConfig host = new HostConfig(identity, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "fedchain/robustness",
        timeout, timeout, 256, YamuxConfig.defaults(), ConnectionGater.ALLOW_ALL, 2);
    if (members.isPresent()) {
      host = host.withGater(members.get());
    }
    P2PNetwork.Config config = P2PNetwork.Config.defaults(host);
    net = new P2PNetwork(config.withGossip(gossip.apply(config.gossip())), metrics, gossipMetrics);
    net.addPeerListener(new P2PNetwork.PeerListener() {
      @Override
      public void connected(PeerId peer) {
        connected.add(peer);
      }

      @Override
      public void identified(PeerId peer, PeerInfo info) {
        identified.add(peer);
      }
    });
    net.start();
    Await.result(net.subscribe(TOPIC, new TopicHandler() {
      @Override
      public ValidationResult validate(GossipMessage message) {
        return ValidationResult.accept();
      }

      @Override
      public void deliver(GossipMessage message) {
        delivered.add(message);
      }
    }));
  }

  /** An open node whose negotiation and handshake time out after {@code timeout}. */
  static NodeUnderTest open(Duration timeout) {
    return new NodeUnderTest(timeout, Optional.empty(), UnaryOperator.identity());
  }

  /** An open node with its gossip settings changed by {@code gossip}. */
  static NodeUnderTest open(Duration timeout, UnaryOperator<GossipConfig> gossip) {
    return new NodeUnderTest(timeout, Optional.empty(), gossip);
  }

  /** A permissioned node admitting only {@code members} (and the honest peers of {@link #assertStillServing}). */
  static NodeUnderTest permissioned(Duration timeout, List<PeerId> members) {
    return new NodeUnderTest(timeout, Optional.of(new ConnectionGater.AllowList(members)), UnaryOperator.identity());
  }

  PeerId peerId() {
    return net.peerId();
  }

  Multiaddr addr() {
    return net.listenAddrs().get(0);
  }

  /** Runs {@code query} on the gossip thread, e.g. {@code router().score(peer)}. */
  <T> T gossip(Callable<T> query) {
    return Await.result(net.gossip().call(query));
  }

  double score(PeerId peer) {
    return gossip(() -> net.gossip().router().score(peer));
  }

  double graylistThreshold() {
    return net.gossip().router().config().score().graylistThreshold();
  }

  boolean isGossipPeer(PeerId peer) {
    return gossip(() -> net.gossip().router().peers().contains(peer));
  }

  /**
   * The node keeps serving: a fresh honest peer (a member, on a permissioned node) connects, pings
   * it, and a gossip message the honest peer publishes is delivered to the node's topic handler.
   */
  void assertStillServing() {
    try (HonestPeer peer = honestPeer()) {
      peer.publishAndAwaitDelivery();
    }
  }

  /**
   * Connects a new honest peer (made a member first on a permissioned node) and pings the node.
   * Each peer has a new identity, so it never races the node's cleanup of an earlier one.
   */
  HonestPeer honestPeer() {
    Identity honest = Identity.random();
    members.ifPresent(m -> {
      Set<PeerId> now = new HashSet<>(m.allowed());
      now.add(honest.peerId());
      m.replace(now);
    });
    return new HonestPeer(honest);
  }

  /** An honest peer connected to the node, subscribed to {@link #TOPIC}. */
  final class HonestPeer implements AutoCloseable {
    final Identity identity;
    private final P2PNetwork peer;

    private HonestPeer(Identity identity) {
      this.identity = identity;
      peer = new P2PNetwork(P2PNetwork.Config.defaults(HostConfig.defaults(identity)), P2PMetrics.NOOP,
          GossipMetrics.NOOP);
      try {
        peer.start();
        Await.result(peer.subscribe(TOPIC, new TopicHandler() {
          @Override
          public ValidationResult validate(GossipMessage message) {
            return ValidationResult.accept();
          }

          @Override
          public void deliver(GossipMessage message) {}
        }));
        Await.result(peer.dial(addr()));
        Await.result(peer.ping(peerId()));
        // The node's subscription reaches us only once the node has added us to its router.
        Await.until("the node's subscription to reach the honest peer", () -> Await.result(peer.gossip().call(
            () -> peer.gossip().router().topicsOf(peerId()).contains(TOPIC))));
      } catch (RuntimeException | Error e) {
        peer.close();
        throw e;
      }
    }

    /** Publishes a new message and waits until the node's topic handler has it. */
    void publishAndAwaitDelivery() {
      byte[] data = ("honest message " + honestMessages.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
      assertInstanceOf(PublishResult.Published.class, Await.result(peer.publish(TOPIC, data)));
      Await.until("the node to deliver the honest peer's message", () -> delivered.stream().anyMatch(m ->
          m.author().equals(Optional.of(identity.peerId())) && Arrays.equals(m.data(), data)));
    }

    @Override
    public void close() {
      peer.close();
    }
  }

  @Override
  public void close() {
    net.close();
  }
}
