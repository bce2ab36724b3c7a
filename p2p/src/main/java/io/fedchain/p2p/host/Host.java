package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.multistream.MultistreamHandler;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.noise.NoiseException;
import io.fedchain.p2p.noise.NoiseHandler;
import io.fedchain.p2p.noise.NoiseHandshake;
import io.fedchain.p2p.yamux.Role;
import io.fedchain.p2p.yamux.SessionListener;
import io.fedchain.p2p.yamux.YamuxException;
import io.fedchain.p2p.yamux.YamuxHandler;
import io.fedchain.p2p.yamux.YamuxStream;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host over TCP: listens and dials, upgrades every connection with multistream-select to
 * Noise (authenticating the peer), asks the {@link ConnectionGater} before anything else runs, then
 * negotiates yamux; streams negotiate their protocol with multistream-select and go to the
 * registered {@link StreamHandler}s.
 *
 * <p>One connection per peer: when two form at once (both sides dialed), both sides keep the one
 * dialed by the smaller peer id and close the other, so they agree without talking.
 */
public final class Host implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Host.class);
  private static final List<String> SECURITY = List.of("/noise");
  private static final List<String> MUXERS = List.of(io.fedchain.p2p.yamux.YamuxSession.PROTOCOL_ID);

  /** Connection events, called on the connection's event loop. */
  public interface ConnectionListener {
    default void connected(Connection connection) {}

    default void disconnected(Connection connection) {}
  }

  private final HostConfig config;
  private final Identity identity;
  private final Map<String, Supplier<StreamHandler>> protocols = new ConcurrentHashMap<>();
  private final Map<PeerId, Connection> connections = new ConcurrentHashMap<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> servers = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> boundAddrs = new CopyOnWriteArrayList<>();
  private final Set<Channel> pending = ConcurrentHashMap.newKeySet();
  private final EventLoopGroup group;
  private final boolean epoll;
  private final P2PMetrics metrics;
  private final TrafficCounter traffic;
  private volatile boolean closed;

  public Host(HostConfig config) {
    this(config, P2PMetrics.NOOP);
  }

  public Host(HostConfig config, P2PMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.traffic = new TrafficCounter(metrics);
    this.identity = config.identity();
    this.epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  public PeerId peerId() {
    return identity.peerId();
  }

  public Identity identity() {
    return identity;
  }

  public HostConfig config() {
    return config;
  }

  /** Handles inbound streams of {@code protocol}: one handler per stream from {@code factory}. */
  public void setStreamHandler(String protocol, Supplier<StreamHandler> factory) {
    protocols.put(protocol, factory);
  }

  public Set<String> protocols() {
    return Set.copyOf(protocols.keySet());
  }

  P2PMetrics metrics() {
    return metrics;
  }

  StreamHandler handlerFor(String protocol) {
    Supplier<StreamHandler> f = protocols.get(protocol);
    return f == null ? null : f.get();
  }

  public void addListener(ConnectionListener l) {
    listeners.add(l);
  }

  /** Binds every listen address. */
  public void start() {
    for (Multiaddr addr : config.listen()) {
      ServerBootstrap b = new ServerBootstrap().group(group)
          .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 128)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              if (closed || connections.size() + pending.size() >= config.maxConnections()) {
                LOG.debug("refusing inbound connection from {}: at the limit of {} connections", ch.remoteAddress(),
                    config.maxConnections());
                metrics.connectionFailed("limit");
                ch.close();
                return;
              }
              upgrade(ch, false, Optional.empty(), new CompletableFuture<>());
            }
          });
      Channel server = b.bind(addr.socketAddress()).syncUninterruptibly().channel();
      servers.add(server);
      InetSocketAddress bound = (InetSocketAddress) server.localAddress();
      boundAddrs.add(Multiaddr.tcp(bound, Optional.empty()));
      LOG.info("listening on {}/p2p/{}", Multiaddr.tcp(bound, Optional.empty()), peerId());
    }
  }

  /** The addresses actually bound (ports resolved), with this host's peer id. */
  public List<Multiaddr> listenAddrs() {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr a : boundAddrs) {
      out.add(a.withPeerId(peerId()));
    }
    return out;
  }

  /**
   * Connects to {@code addr}, or returns the connection to its peer when there is one. With a
   * {@code /p2p/} part, a peer with another id fails the Noise handshake.
   */
  public CompletableFuture<Connection> dial(Multiaddr addr) {
    if (addr.peerId().isPresent()) {
      Connection existing = connections.get(addr.peerId().get());
      if (existing != null && existing.isOpen()) {
        return CompletableFuture.completedFuture(existing);
      }
      if (addr.peerId().get().equals(peerId())) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to dial ourselves at " + addr));
      }
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the host is closed"));
    }
    if (connections.size() + pending.size() >= config.maxConnections()) {
      return CompletableFuture.failedFuture(new IllegalStateException("at the limit of " + config.maxConnections()
          + " connections"));
    }
    CompletableFuture<Connection> done = new CompletableFuture<>();
    Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.negotiationTimeout().toMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            upgrade(ch, true, addr.peerId(), done);
          }
        });
    ChannelFuture f = b.connect(addr.socketAddress());
    f.addListener(cf -> {
      if (!cf.isSuccess()) {
        done.completeExceptionally(new java.io.IOException("cannot connect to " + addr + ": "
            + cf.cause().getMessage(), cf.cause()));
      }
    });
    return done;
  }

  /** Opens a stream to a connected peer. */
  public CompletableFuture<P2PStream> newStream(PeerId peer, List<String> protocolIds, StreamHandler handler) {
    Connection c = connections.get(peer);
    if (c == null || !c.isOpen()) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    return c.openStream(protocolIds, handler);
  }

  public Optional<Connection> connection(PeerId peer) {
    return Optional.ofNullable(connections.get(peer)).filter(Connection::isOpen);
  }

  public List<Connection> connections() {
    return List.copyOf(connections.values());
  }

  /** Closes the connection to {@code peer}, if any. */
  public void disconnect(PeerId peer) {
    Connection c = connections.get(peer);
    if (c != null) {
      c.close();
    }
  }

  private void upgrade(SocketChannel ch, boolean outbound, Optional<PeerId> expected, CompletableFuture<Connection> done) {
    pending.add(ch);
    ch.pipeline().addLast("traffic", traffic);
    ch.closeFuture().addListener(f -> {
      pending.remove(ch);
      done.completeExceptionally(new java.io.IOException("connection closed during the upgrade"));
    });
    Negotiation security = outbound ? new Negotiation.Dialer(SECURITY) : new Negotiation.Listener(Set.copyOf(SECURITY));
    MultistreamHandler securitySelect = new MultistreamHandler(security, config.negotiationTimeout(),
        (ctx, protocol) -> {
          NoiseHandler noise = new NoiseHandler(outbound ? NoiseHandshake.initiator(identity, expected)
              : NoiseHandshake.responder(identity), config.handshakeTimeout());
          noise.handshakeFuture().whenComplete((session, error) -> {
            if (error != null) {
              metrics.connectionFailed("noise");
              done.completeExceptionally(error);
              return;
            }
            PeerId remote = session.remotePeer();
            if (!config.gater().allow(remote)) {
              LOG.info("closing connection from {} ({}): not an allowed peer", remote, ch.remoteAddress());
              metrics.connectionFailed("gater");
              // The reason first: closing completes the dial with a bare "connection closed".
              done.completeExceptionally(new SecurityException("peer " + remote + " is not allowed"));
              ch.close();
              return;
            }
            secured(ch, outbound, remote, done);
          });
          ctx.pipeline().addAfter(ctx.name(), "noise", noise);
        });
    securitySelect.result().exceptionally(e -> {
      metrics.connectionFailed("security");
      return null;
    });
    ch.pipeline().addLast("security-select", securitySelect);
    done.whenComplete((c, e) -> {
      if (e != null) {
        LOG.debug("{} connection {} failed: {}", outbound ? "outbound" : "inbound", ch.remoteAddress(), e.getMessage());
      }
    });
  }

  /** After Noise: negotiate the muxer, then the connection is live. */
  private void secured(SocketChannel ch, boolean outbound, PeerId remote, CompletableFuture<Connection> done) {
    Negotiation muxer = outbound ? new Negotiation.Dialer(MUXERS) : new Negotiation.Listener(Set.copyOf(MUXERS));
    MultistreamHandler muxerSelect = new MultistreamHandler(muxer, config.negotiationTimeout(),
        (ctx, protocol) -> {
          Connection[] holder = new Connection[1];
          YamuxHandler yamux = new YamuxHandler(outbound ? Role.CLIENT : Role.SERVER, config.yamux(),
              new SessionListener() {
                @Override
                public void onInboundStream(YamuxStream stream) {
                  holder[0].acceptStream(stream);
                }

                @Override
                public void onClosed(Optional<YamuxException> error) {
                  error.ifPresent(e -> {
                    LOG.debug("yamux session with {} failed: {}", remote, e.getMessage());
                    metrics.connectionError(errorLayer(e));
                  });
                  // No ch.close() here: YamuxHandler closes the channel once the session's GoAway is
                  // flushed; closing first discarded it, so peers never learned why we hung up.
                }
              });
          ctx.pipeline().addAfter(ctx.name(), "yamux", yamux);
          Multiaddr remoteAddr = Multiaddr.tcp((InetSocketAddress) ch.remoteAddress(), Optional.of(remote));
          Connection c = new Connection(this, ch, remote, remoteAddr, outbound, yamux.session(),
              config.negotiationTimeout());
          holder[0] = c;
          register(c, done);
        });
    muxerSelect.result().exceptionally(e -> {
      metrics.connectionFailed("muxer");
      return null;
    });
    ch.pipeline().addAfter("noise", "muxer-select", muxerSelect);
  }

  /** Which layer broke a live connection, for {@link P2PMetrics#connectionError}. */
  private static String errorLayer(YamuxException e) {
    if (e.getCause() instanceof NoiseException) {
      return "noise";
    }
    return e.getCause() instanceof java.io.IOException ? "transport" : "yamux";
  }

  private void register(Connection c, CompletableFuture<Connection> done) {
    pending.remove(c.channel());
    Connection existing = connections.putIfAbsent(c.remotePeer(), c);
    if (existing != null && existing.isOpen()) {
      // Both sides compute the same winner: the connection dialed by the smaller peer id.
      PeerId newDialer = c.isOutbound() ? peerId() : c.remotePeer();
      PeerId oldDialer = existing.isOutbound() ? peerId() : existing.remotePeer();
      if (newDialer.compareTo(oldDialer) < 0) {
        connections.put(c.remotePeer(), c);
        LOG.debug("replacing duplicate {} with {}", existing, c);
        closeQuietly(existing);
      } else {
        LOG.debug("closing duplicate {}", c);
        closeQuietly(c);
        done.complete(existing);
        return;
      }
    } else if (existing != null) {
      connections.put(c.remotePeer(), c);
    }
    metrics.connectionOpened(c.isOutbound());
    c.channel().closeFuture().addListener(f -> {
      metrics.connectionClosed(c.isOutbound());
      if (connections.remove(c.remotePeer(), c)) {
        for (ConnectionListener l : listeners) {
          try {
            l.disconnected(c);
          } catch (RuntimeException e) {
            LOG.warn("connection listener failed on disconnect of {}", c.remotePeer(), e);
          }
        }
      }
    });
    LOG.debug("connected: {}", c);
    done.complete(c);
    for (ConnectionListener l : listeners) {
      try {
        l.connected(c);
      } catch (RuntimeException e) {
        LOG.warn("connection listener failed on connect of {}", c.remotePeer(), e);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    c.eventLoop().execute(() -> {
      try {
        c.channel().close();
      } catch (RuntimeException e) {
        LOG.debug("closing {}", c, e);
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    for (Channel s : servers) {
      s.close().syncUninterruptibly();
    }
    for (Connection c : connections.values()) {
      c.channel().close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
