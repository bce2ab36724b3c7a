package io.fedchain.p2p.host;

import io.fedchain.p2p.multistream.MultistreamException;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.yamux.YamuxStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs multistream-select on a fresh yamux stream, then hands the stream to the protocol's
 * {@link StreamHandler}. A stream whose negotiation fails or times out is reset.
 */
final class StreamNegotiation implements YamuxStream.Handler {
  private final Connection connection;
  private final YamuxStream stream;
  private final Negotiation negotiation;
  /** The handler for the agreed protocol, or null when there is none (the stream is reset). */
  private final Function<String, StreamHandler> handlers;
  private final CompletableFuture<P2PStream> result = new CompletableFuture<>();
  private final ScheduledFuture<?> timer;
  private P2PStream open;
  private StreamHandler handler;

  StreamNegotiation(Connection connection, YamuxStream stream, Negotiation negotiation,
      Function<String, StreamHandler> handlers, Duration timeout) {
    this.connection = connection;
    this.stream = stream;
    this.negotiation = negotiation;
    this.handlers = handlers;
    this.timer = connection.eventLoop().schedule(() -> fail(new MultistreamException(
        "stream protocol not agreed within " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
    stream.setHandler(this);
    for (byte[] m : negotiation.start()) {
      stream.write(Unpooled.wrappedBuffer(m));
    }
  }

  CompletableFuture<P2PStream> result() {
    return result;
  }

  @Override
  public void onData(YamuxStream s, ByteBuf data) {
    if (handler != null) {
      handler.onData(open, data);
      return;
    }
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(data);
    } finally {
      data.release();
    }
    if (result.isDone()) {
      return;
    }
    Negotiation.Step step;
    try {
      step = negotiation.feed(bytes);
    } catch (MultistreamException e) {
      fail(e);
      return;
    }
    for (byte[] m : step.toSend()) {
      stream.write(Unpooled.wrappedBuffer(m));
    }
    if (!step.done()) {
      return;
    }
    timer.cancel(false);
    String protocol = step.selected().get();
    StreamHandler h = handlers.apply(protocol);
    if (h == null) {
      fail(new MultistreamException("no handler for " + protocol));
      return;
    }
    open = new P2PStream(connection, stream, protocol);
    handler = h;
    result.complete(open);
    handler.onOpen(open);
    if (step.leftover().length > 0) {
      handler.onData(open, Unpooled.wrappedBuffer(step.leftover()));
    }
    if (stream.isRemoteClosed()) {
      handler.onRemoteClose(open);
    }
  }

  @Override
  public void onRemoteClose(YamuxStream s) {
    if (handler != null) {
      handler.onRemoteClose(open);
    } else if (!result.isDone()) {
      fail(new MultistreamException("the peer closed the stream during protocol negotiation"));
    }
  }

  @Override
  public void onReset(YamuxStream s) {
    timer.cancel(false);
    if (handler != null) {
      handler.onReset(open);
    } else {
      result.completeExceptionally(new MultistreamException("stream reset during protocol negotiation"));
    }
  }

  private void fail(Exception e) {
    timer.cancel(false);
    if (result.completeExceptionally(e)) {
      connection.metrics().streamRefused();
      if (!stream.isReset() && !stream.session().isClosed()) {
        stream.reset();
      }
    }
  }
}
