package io.fedchain.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes a connection carries on the wire (encrypted), at the head of its pipeline. */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {
  private final P2PMetrics metrics;

  TrafficCounter(P2PMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesIn(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      metrics.bytesOut(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
