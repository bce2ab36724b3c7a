package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link YamuxSession} on a channel, above the secure channel layer: inbound {@link ByteBuf}s
 * feed the session, frames go out through this context, a keep-alive ping runs every
 * {@link YamuxConfig#keepAliveInterval()} (the first at once, to learn the round trip for window
 * tuning). The channel closes when the session ends, and the session ends when the channel closes.
 *
 * <p>Use {@link #session()} and its streams on the channel's event loop only.
 */
public final class YamuxHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxHandler.class);

  private final Role role;
  private final YamuxConfig config;
  private final SessionListener listener;
  private YamuxSession session;
  private ScheduledFuture<?> keepAlive;

  public YamuxHandler(Role role, YamuxConfig config, SessionListener listener) {
    this.role = role;
    this.config = config;
    this.listener = listener;
  }

  /** The session, once this handler is in a pipeline. */
  public YamuxSession session() {
    if (session == null) {
      throw new IllegalStateException("the yamux handler is not in a pipeline yet");
    }
    return session;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    session = new YamuxSession(role, config, new ContextSink(ctx), new ClosingListener(ctx));
    if (ctx.channel().isActive()) {
      startKeepAlive(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    startKeepAlive(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      session.onBytes(bytes);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stopKeepAlive();
    session.onTransportClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing the yamux session on a channel error", cause);
    stopKeepAlive();
    if (session.isClosed()) {
      ctx.close();
    } else {
      // The session's listener closes the channel once the GoAway is flushed. The listener hears
      // the cause (a plain close() would report none), so the connection can count the failure.
      session.onChannelError(cause);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stopKeepAlive();
    if (session != null && !session.isClosed()) {
      session.onTransportClosed();
    }
  }

  private void startKeepAlive(ChannelHandlerContext ctx) {
    long interval = config.keepAliveInterval().toNanos();
    if (keepAlive != null || interval == 0 || session.isClosed()) {
      return;
    }
    session.ping();
    keepAlive = ctx.executor().scheduleAtFixedRate(session::keepAliveTick, interval, interval, TimeUnit.NANOSECONDS);
  }

  private void stopKeepAlive() {
    if (keepAlive != null) {
      keepAlive.cancel(false);
      keepAlive = null;
    }
  }

  private record ContextSink(ChannelHandlerContext ctx) implements FrameSink {
    @Override
    public void write(ByteBuf bytes) {
      ctx.write(bytes, ctx.voidPromise());
    }

    @Override
    public void flush() {
      ctx.flush();
    }

    @Override
    public ByteBufAllocator alloc() {
      return ctx.alloc();
    }
  }

  /** Passes events on, and closes the channel once the session's last frames are flushed. */
  private final class ClosingListener implements SessionListener {
    private final ChannelHandlerContext ctx;

    ClosingListener(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void onInboundStream(YamuxStream stream) {
      listener.onInboundStream(stream);
    }

    @Override
    public void onRemoteGoAway(GoAwayCode code) {
      listener.onRemoteGoAway(code);
    }

    @Override
    public void onClosed(Optional<YamuxException> error) {
      stopKeepAlive();
      try {
        listener.onClosed(error);
      } finally {
        if (ctx.channel().isOpen()) {
          ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
      }
    }
  }
}
