package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.yamux.YamuxException;
import io.fedchain.p2p.yamux.YamuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

/**
 * A negotiated libp2p stream: a yamux stream of a connection, speaking one protocol. Methods may be
 * called from any thread; they run on the connection's event loop.
 */
public final class P2PStream {
  private final Connection connection;
  private final YamuxStream stream;
  private final String protocol;

  P2PStream(Connection connection, YamuxStream stream, String protocol) {
    this.connection = connection;
    this.stream = stream;
    this.protocol = protocol;
  }

  public Connection connection() {
    return connection;
  }

  public PeerId remotePeer() {
    return connection.remotePeer();
  }

  public String protocol() {
    return protocol;
  }

  public boolean isOutbound() {
    return stream.isOutbound();
  }

  public EventLoop eventLoop() {
    return connection.eventLoop();
  }

  public void write(byte[] data) {
    write(Unpooled.wrappedBuffer(data));
  }

  /** Sends {@code data} (ownership passes to the stream); silently dropped once the stream is gone. */
  public void write(ByteBuf data) {
    run(() -> {
      if (stream.isReset() || stream.isWriteClosed() || stream.session().isClosed()) {
        data.release();
        return;
      }
      try {
        stream.write(data);
      } catch (YamuxException | IllegalStateException e) {
        // The stream closed under us; the handler hears onReset.
      }
    });
  }

  /** Half-closes our side (FIN). */
  public void closeWrite() {
    run(() -> {
      if (!stream.isWriteClosed() && !stream.isReset() && !stream.session().isClosed()) {
        stream.closeWrite();
      }
    });
  }

  public void reset() {
    run(() -> {
      if (!stream.isReset() && !stream.session().isClosed()) {
        stream.reset();
      }
    });
  }

  /** Bytes written but waiting for the peer's flow-control window. */
  public long queuedBytes() {
    return stream.queuedBytes();
  }

  private void run(Runnable task) {
    EventLoop loop = eventLoop();
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  @Override
  public String toString() {
    return protocol + " with " + remotePeer() + " (stream " + stream.id() + ")";
  }
}
