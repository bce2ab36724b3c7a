package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.yamux.YamuxException;
import io.fedchain.p2p.yamux.YamuxSession;
import io.fedchain.p2p.yamux.YamuxStream;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An authenticated, multiplexed connection to one peer: TCP, then Noise, then yamux. Everything
 * about it runs on its channel's event loop.
 */
public final class Connection {
  private final Host host;
  private final Channel channel;
  private final PeerId remotePeer;
  private final Multiaddr remoteAddr;
  private final boolean outbound;
  private final YamuxSession session;
  private final Duration negotiationTimeout;

  Connection(Host host, Channel channel, PeerId remotePeer, Multiaddr remoteAddr, boolean outbound,
      YamuxSession session, Duration negotiationTimeout) {
    this.host = host;
    this.channel = channel;
    this.remotePeer = remotePeer;
    this.remoteAddr = remoteAddr;
    this.outbound = outbound;
    this.session = session;
    this.negotiationTimeout = negotiationTimeout;
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  public Multiaddr remoteAddr() {
    return remoteAddr;
  }

  /** True when this node dialed. */
  public boolean isOutbound() {
    return outbound;
  }

  public boolean isOpen() {
    return channel.isActive() && !session.isClosed();
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  Channel channel() {
    return channel;
  }

  P2PMetrics metrics() {
    return host.metrics();
  }

  /** Opens a stream and negotiates the first of {@code protocols} the peer supports. */
  public CompletableFuture<P2PStream> openStream(List<String> protocols, StreamHandler handler) {
    CompletableFuture<P2PStream> out = new CompletableFuture<>();
    EventLoop loop = eventLoop();
    Runnable open = () -> {
      try {
        YamuxStream s = session.openStream();
        new StreamNegotiation(this, s, new Negotiation.Dialer(protocols), p -> handler, negotiationTimeout)
            .result().whenComplete((stream, error) -> {
              if (error != null) {
                out.completeExceptionally(error);
              } else {
                out.complete(stream);
              }
            });
      } catch (YamuxException e) {
        out.completeExceptionally(e);
      }
    };
    if (loop.inEventLoop()) {
      open.run();
    } else {
      loop.execute(open);
    }
    return out;
  }

  void acceptStream(YamuxStream stream) {
    new StreamNegotiation(this, stream, new Negotiation.Listener(host.protocols()), host::handlerFor,
        negotiationTimeout);
  }

  public void close() {
    channel.close();
  }

  @Override
  public String toString() {
    return (outbound ? "outbound" : "inbound") + " connection with " + remotePeer + " at " + remoteAddr;
  }
}
