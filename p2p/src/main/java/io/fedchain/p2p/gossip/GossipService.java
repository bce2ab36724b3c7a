package io.fedchain.p2p.gossip;

import io.fedchain.p2p.host.Connection;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.MessageReader;
import io.fedchain.p2p.host.P2PStream;
import io.fedchain.p2p.host.StreamHandler;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoWriter;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GossipRouter} over a {@link Host}: on every connection it opens one outbound
 * meshsub stream for what we send, reads the peer's inbound meshsub stream for what it sends, and
 * feeds both to the router. The router lives on one thread of its own ("gossip"); every call into
 * it is a task on that thread, so it needs no locks.
 */
public final class GossipService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GossipService.class);

  private final Host host;
  private final GossipRouter router;
  private final ScheduledExecutorService thread;
  private final Map<PeerId, P2PStream> outbound = new ConcurrentHashMap<>();

  public GossipService(Host host, GossipConfig config, GossipMetrics metrics) {
    this.host = host;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gossip");
      t.setDaemon(true);
      return t;
    });
    this.router = new GossipRouter(config, host.identity(), new Outbound() {
      @Override
      public void send(PeerId peer, byte[] rpc) {
        P2PStream s = outbound.get(peer);
        if (s != null) {
          s.write(ProtoWriter.lengthPrefixed(rpc));
        }
      }

      @Override
      public void disconnect(PeerId peer, String reason) {
        LOG.info("disconnecting {}: {}", peer, reason);
        host.disconnect(peer);
      }
    }, InstantSource.system(), new Random(new SecureRandom().nextLong()), metrics);
    for (String protocol : GossipRouter.PROTOCOLS) {
      host.setStreamHandler(protocol, InboundRpcs::new);
    }
    host.addListener(new Host.ConnectionListener() {
      @Override
      public void connected(Connection c) {
        openOutbound(c);
      }

      @Override
      public void disconnected(Connection c) {
        P2PStream s = outbound.get(c.remotePeer());
        if (s != null && s.connection() == c) {
          outbound.remove(c.remotePeer(), s);
          run(() -> router.removePeer(c.remotePeer()));
        }
      }
    });
    long beat = config.heartbeatInterval().toMillis();
    thread.scheduleAtFixedRate(() -> {
      try {
        router.heartbeat();
      } catch (RuntimeException e) {
        LOG.error("gossip heartbeat failed", e);
      }
    }, beat, beat, TimeUnit.MILLISECONDS);
  }

  private void openOutbound(Connection c) {
    c.openStream(GossipRouter.PROTOCOLS, new StreamHandler() {
      @Override
      public void onData(P2PStream stream, ByteBuf data) {
        // Peers send on their own stream; anything here is ignored.
        data.release();
      }

      @Override
      public void onReset(P2PStream stream) {
        if (outbound.remove(stream.remotePeer(), stream)) {
          run(() -> router.removePeer(stream.remotePeer()));
        }
      }
    }).whenComplete((stream, error) -> {
      if (error != null) {
        LOG.debug("{} speaks no gossipsub: {}", c.remotePeer(), error.getMessage());
        return;
      }
      // Fix: when two peers dial each other at once, the host keeps one connection and closes the
      // other, but the stream opened on the losing one could complete after the winner's and
      // replace it here; its reset then removed the peer from the router while the winning
      // connection stayed up, cutting the peer off every topic (seen on a 4-node devnet).
      if (host.connection(c.remotePeer()).orElse(null) != c) {
        stream.reset();
        return;
      }
      P2PStream previous = outbound.put(c.remotePeer(), stream);
      if (previous == stream) {
        return;
      }
      String ip = c.remoteAddr().host();
      run(() -> {
        if (previous != null) {
          router.removePeer(c.remotePeer());
        }
        router.addPeer(c.remotePeer(), stream.protocol(), c.isOutbound(), ip);
      });
    });
  }

  /** A peer's stream of RPCs to us. */
  private final class InboundRpcs implements StreamHandler {
    private MessageReader reader;

    @Override
    public void onOpen(P2PStream stream) {
      reader = new MessageReader(router.config().maxRpcSize());
    }

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      List<byte[]> rpcs;
      try {
        rpcs = reader.read(data);
      } catch (ProtoException e) {
        LOG.debug("bad RPC framing from {}: {}", stream.remotePeer(), e.getMessage());
        PeerId peer = stream.remotePeer();
        String reason = e.getMessage();
        run(() -> router.reportMalformed(peer, reason));
        stream.reset();
        return;
      }
      PeerId peer = stream.remotePeer();
      for (byte[] rpc : rpcs) {
        run(() -> router.onRpc(peer, rpc));
      }
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      stream.closeWrite();
    }
  }

  /** Runs {@code task} on the router's thread; after {@link #close()} it is dropped. */
  private void run(Runnable task) {
    try {
      thread.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // The scheduled executor keeps a task's exception in a future nobody reads: without this,
          // a router bug triggered by a peer's RPC would vanish without a trace.
          LOG.error("gossip task failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("gossip is closed; dropping a task");
    }
  }

  /** Subscribes; the handler runs on the gossip thread (see {@link TopicHandler}). */
  public CompletableFuture<Void> subscribe(String topic, TopicHandler handler) {
    return call(() -> {
      router.subscribe(topic, handler);
      return null;
    });
  }

  public CompletableFuture<Boolean> unsubscribe(String topic) {
    return call(() -> router.unsubscribe(topic));
  }

  public CompletableFuture<PublishResult> publish(String topic, byte[] data) {
    return call(() -> router.publish(topic, data));
  }

  /** Runs {@code query} on the router's thread, e.g. to read mesh sizes or scores. */
  public <T> CompletableFuture<T> call(Callable<T> query) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (thread.isShutdown()) {
      f.completeExceptionally(new IllegalStateException("gossip is closed"));
      return f;
    }
    run(() -> {
      try {
        f.complete(query.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** The router, for calls made on its thread (from a {@link TopicHandler} or {@link #call}). */
  public GossipRouter router() {
    return router;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
