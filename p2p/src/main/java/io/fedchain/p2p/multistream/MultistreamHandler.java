package io.fedchain.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one multistream-select {@link Negotiation} on a Netty channel (a raw connection choosing its
 * security protocol, or a secured one choosing its muxer). When a protocol is agreed it calls
 * {@code onSelected}, which installs the next handler after this one, then removes itself and
 * passes on any bytes that arrived after the decision. A protocol violation or the timeout closes
 * the channel and fails {@link #result()}.
 */
public final class MultistreamHandler extends ChannelInboundHandlerAdapter {
  /** Installs the handler of the agreed protocol after this one ({@code ctx} is this handler's). */
  @FunctionalInterface
  public interface OnSelected {
    void selected(ChannelHandlerContext ctx, String protocol);
  }

  private final Negotiation negotiation;
  private final OnSelected onSelected;
  private final Duration timeout;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private ScheduledFuture<?> timer;
  private boolean started;

  public MultistreamHandler(Negotiation negotiation, Duration timeout, OnSelected onSelected) {
    this.negotiation = negotiation;
    this.timeout = timeout;
    this.onSelected = onSelected;
  }

  public CompletableFuture<String> result() {
    return result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    timer = ctx.executor().schedule(() -> fail(ctx, new MultistreamException(
        "no protocol agreed within " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (byte[] m : negotiation.start()) {
      ctx.write(Unpooled.wrappedBuffer(m));
    }
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (result.isDone()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
    Negotiation.Step step;
    try {
      step = negotiation.feed(bytes);
    } catch (MultistreamException e) {
      fail(ctx, e);
      return;
    }
    for (byte[] m : step.toSend()) {
      ctx.write(Unpooled.wrappedBuffer(m));
    }
    ctx.flush();
    if (step.done()) {
      timer.cancel(false);
      String protocol = step.selected().get();
      try {
        onSelected.selected(ctx, protocol);
      } catch (RuntimeException e) {
        fail(ctx, e);
        return;
      }
      result.complete(protocol);
      if (step.leftover().length > 0) {
        ctx.fireChannelRead(Unpooled.wrappedBuffer(step.leftover()));
      }
      ctx.pipeline().remove(this);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, new MultistreamException("connection closed during protocol negotiation"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause);
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (timer != null) {
      timer.cancel(false);
    }
    if (result.completeExceptionally(cause)) {
      ctx.close();
    }
  }
}
