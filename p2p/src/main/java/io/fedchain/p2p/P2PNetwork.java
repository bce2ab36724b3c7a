package io.fedchain.p2p;

import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.GossipService;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.host.ConnectionGater;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.host.PeerInfo;
import io.fedchain.p2p.host.PeerManager;
import io.fedchain.p2p.identify.IdentifyService;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.ping.PingService;
import io.fedchain.p2p.reqresp.ReqRespService;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The network as the rest of the node uses it: a libp2p host with identify, ping, gossipsub,
 * request/response protocols and a peer manager for static peers. Permissioned when its gater is
 * an {@link ConnectionGater.AllowList}: {@link #setAllowedPeers} changes the members at runtime
 * and drops connections to peers that left.
 */
public final class P2PNetwork implements AutoCloseable {

  /** Peer events; called on Netty event loops. */
  public interface PeerListener {
    default void connected(PeerId peer) {}

    default void disconnected(PeerId peer) {}

    default void identified(PeerId peer, PeerInfo info) {}
  }

  /**
   * @param staticPeers peers (bootnodes) to stay connected to
   */
  public record Config(HostConfig host, GossipConfig gossip, List<Multiaddr> staticPeers, Duration reconnectMin,
      Duration reconnectMax) {
    /**
     * Gossip message ids as js-libp2p computes them ({@code protobuf(PublicKey) || seqno}): ids
     * must agree across a network, or IWANT promises look broken and peers penalise each other.
     */
    public static Config defaults(HostConfig host) {
      GossipConfig gossip = GossipConfig.defaults().toBuilder()
          .messageIdFunction(io.fedchain.p2p.gossip.MessageIdFunction.PUBLIC_KEY_AND_SEQNO).build();
      return new Config(host, gossip, List.of(), Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    public Config withStaticPeers(List<Multiaddr> peers) {
      return new Config(host, gossip, peers, reconnectMin, reconnectMax);
    }

    public Config withGossip(GossipConfig g) {
      return new Config(host, g, staticPeers, reconnectMin, reconnectMax);
    }
  }

  private final Config config;
  private final Host host;
  private final IdentifyService identify;
  private final PingService ping;
  private final GossipService gossip;
  private final ReqRespService reqresp;
  private final PeerManager peers;

  public P2PNetwork(Config config, P2PMetrics metrics, GossipMetrics gossipMetrics) {
    this.config = config;
    this.host = new Host(config.host(), metrics);
    this.identify = new IdentifyService(host);
    this.ping = new PingService(host);
    this.gossip = new GossipService(host, config.gossip(), gossipMetrics);
    this.reqresp = new ReqRespService(host, (peer, reason) -> gossip.call(() -> {
      gossip.router().reportMalformed(peer, reason);
      return null;
    }));
    this.peers = new PeerManager(host, config.reconnectMin(), config.reconnectMax());
  }

  public void start() {
    host.start();
    peers.addStaticPeers(config.staticPeers());
    peers.start(Duration.ofSeconds(1));
  }

  public PeerId peerId() {
    return host.peerId();
  }

  public List<Multiaddr> listenAddrs() {
    return host.listenAddrs();
  }

  public Host host() {
    return host;
  }

  public GossipService gossip() {
    return gossip;
  }

  public CompletableFuture<Void> subscribe(String topic, TopicHandler handler) {
    return gossip.subscribe(topic, handler);
  }

  public CompletableFuture<PublishResult> publish(String topic, byte[] data) {
    return gossip.publish(topic, data);
  }

  public void registerProtocol(String protocol, ReqRespService.Limits limits, ReqRespService.Handler handler) {
    reqresp.register(protocol, limits, handler);
  }

  public CompletableFuture<byte[]> request(PeerId peer, String protocol, byte[] request, ReqRespService.Limits limits) {
    return reqresp.request(peer, protocol, request, limits);
  }

  public CompletableFuture<Duration> ping(PeerId peer) {
    return ping.ping(peer, Duration.ofSeconds(10));
  }

  public Optional<PeerInfo> peerInfo(PeerId peer) {
    return identify.info(peer);
  }

  public CompletableFuture<?> dial(Multiaddr addr) {
    return host.dial(addr);
  }

  public void addStaticPeers(List<Multiaddr> addrs) {
    peers.addStaticPeers(addrs);
  }

  public Set<PeerId> connectedPeers() {
    return host.connections().stream().map(c -> c.remotePeer()).collect(Collectors.toSet());
  }

  public void addPeerListener(PeerListener l) {
    host.addListener(new Host.ConnectionListener() {
      @Override
      public void connected(io.fedchain.p2p.host.Connection c) {
        l.connected(c.remotePeer());
      }

      @Override
      public void disconnected(io.fedchain.p2p.host.Connection c) {
        l.disconnected(c.remotePeer());
      }
    });
    identify.addListener(l::identified);
  }

  /**
   * Replaces the allowed members (permissioned networks only) and disconnects peers no longer in
   * the set.
   */
  public void setAllowedPeers(Collection<PeerId> members) {
    if (!(config.host().gater() instanceof ConnectionGater.AllowList allow)) {
      throw new IllegalStateException("this network is not permissioned (its gater is not an allow-list)");
    }
    allow.replace(members);
    for (PeerId p : connectedPeers()) {
      if (!allow.allow(p)) {
        host.disconnect(p);
      }
    }
  }

  @Override
  public void close() {
    peers.close();
    gossip.close();
    host.close();
  }
}
