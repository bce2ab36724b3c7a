package io.fedchain.p2p.yamux;

import static io.fedchain.p2p.yamux.Frames.hex;
import static io.fedchain.p2p.yamux.Frames.random;
import static io.fedchain.p2p.yamux.Frames.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty adapter on an {@link EmbeddedChannel}, talking to a plain session as the peer. */
class YamuxHandlerTest {
  private final TrackingAllocator alloc = new TrackingAllocator();
  private final Wire toChannel = new Wire(alloc);
  private final Recorder channelEvents = new Recorder();
  private final Recorder peerEvents = new Recorder();
  private final YamuxSession peer = new YamuxSession(Role.SERVER, YamuxConfig.defaults(), toChannel, peerEvents);
  private EmbeddedChannel channel;
  private YamuxHandler handler;

  private void start(YamuxConfig config) {
    channel = new EmbeddedChannel();
    channel.config().setAllocator(alloc);
    handler = new YamuxHandler(Role.CLIENT, config, channelEvents);
    channel.pipeline().addLast(handler);
  }

  /** What the channel wrote, as bytes. */
  private byte[] written() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object m; (m = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) m;
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      b.release();
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private void pump() {
    for (int rounds = 0; rounds < 10_000; rounds++) {
      boolean moved = false;
      for (Object m; (m = channel.readOutbound()) != null; ) {
        peer.onBytes((ByteBuf) m);
        moved = true;
      }
      if (!toChannel.isEmpty() && channel.isOpen()) {
        channel.writeInbound(toChannel.takeBuffer());
        moved = true;
      }
      if (!moved) {
        return;
      }
    }
    throw new AssertionError("never went quiet");
  }

  @AfterEach
  void releaseEverything() {
    channel.finishAndReleaseAll();
    toChannel.take();
    alloc.assertAllReleased();
  }

  @Test
  void streamsShouldCarryDataBothWaysOverTheChannel() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    YamuxStream s = handler.session().openStream();
    Collector atChannel = new Collector();
    s.setHandler(atChannel);
    byte[] up = random(new Random(1), 700_000);
    s.write(alloc.bytes(up));
    s.closeWrite();
    pump();
    YamuxStream in = peerEvents.inbound.get(0);
    assertArrayEquals(up, peerEvents.collector(in).bytes());
    assertEquals(1, peerEvents.collector(in).remoteCloses);

    byte[] down = random(new Random(2), 300_000);
    in.write(alloc.bytes(down));
    in.closeWrite();
    pump();
    assertArrayEquals(down, atChannel.bytes());
    assertEquals(0, handler.session().streamCount());
    assertTrue(channel.isOpen());
  }

  @Test
  void keepAliveShouldPingAtOnceAndCloseTheChannelWhenAPingGoesUnanswered() {
    start(YamuxConfig.defaults());
    assertEquals("00" + "02" + "0001" + "00000000" + "00000000", hex(written()), "a first ping on start");
    channel.writeInbound(alloc.bytes(unhex("00 02 0002 00000000 00000000")));
    assertTrue(handler.session().rtt().isPresent());

    channel.advanceTimeBy(30, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertEquals("00" + "02" + "0001" + "00000000" + "00000001", hex(written()));
    assertTrue(channel.isOpen());

    channel.advanceTimeBy(30, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertEquals("00" + "03" + "0000" + "00000000" + "00000002", hex(written()));
    assertFalse(channel.isOpen());
    assertTrue(channelEvents.closeError().getMessage().contains("did not answer keep-alive ping 1"));
  }

  @Test
  void aProtocolErrorShouldSendGoAwayAndCloseTheChannel() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    YamuxStream s = handler.session().openStream();
    Collector atChannel = new Collector();
    s.setHandler(atChannel);
    written();
    channel.writeInbound(alloc.bytes(unhex("00 01 0001 00000003 00000000")));
    assertEquals("00" + "03" + "0000" + "00000000" + "00000001", hex(written()));
    assertFalse(channel.isOpen());
    assertTrue(channelEvents.closeError().getMessage().contains("an id of this side's parity"));
    assertEquals(1, atChannel.resets);
  }

  @Test
  void closingTheChannelShouldResetStreamsAndEndTheSession() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    YamuxStream s = handler.session().openStream();
    Collector atChannel = new Collector();
    s.setHandler(atChannel);
    s.write(alloc.bytes(new byte[400_000]));
    pump();
    channel.close();
    assertEquals(1, atChannel.resets);
    assertTrue(handler.session().isClosed());
    assertEquals(List.of(Optional.empty()), channelEvents.closes);
  }

  @Test
  void closingTheSessionShouldFlushGoAwayAndCloseTheChannel() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    handler.session().openStream();
    pump();
    handler.session().close();
    assertEquals("00" + "03" + "0000" + "00000000" + "00000000", hex(written()));
    assertFalse(channel.isOpen());
  }

  @Test
  void aChannelErrorShouldEndTheSessionWithInternalError() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    channel.pipeline().fireExceptionCaught(new IOException("decryption failed"));
    assertEquals("00" + "03" + "0000" + "00000000" + "00000002", hex(written()));
    assertFalse(channel.isOpen());
  }

  /** As on a failed Noise channel: every write fails, and each failure comes back as exceptionCaught. */
  private void failEveryWrite() {
    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IOException("the secure channel has failed"));
      }
    });
  }

  @Test
  void closingOverAChannelThatCannotSendTheGoAwayShouldEndTheSessionOnce() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    failEveryWrite();
    handler.session().close();
    assertEquals(1, channelEvents.closes.size(), channelEvents.closes.toString());
    assertFalse(channel.isOpen());
  }

  @Test
  void aChannelErrorShouldEndTheSessionOnceWithItsCauseWhenTheGoAwayCannotBeSent() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    failEveryWrite();
    IOException cause = new IOException("decryption failed");
    channel.pipeline().fireExceptionCaught(cause);
    assertEquals(1, channelEvents.closes.size(), channelEvents.closes.toString());
    assertSame(cause, channelEvents.closeError().getCause());
    assertFalse(channel.isOpen());
  }

  @Test
  void messagesOtherThanBytesShouldPassThrough() {
    start(YamuxConfig.defaults().withKeepAliveInterval(Duration.ZERO));
    channel.writeInbound("not bytes");
    assertEquals("not bytes", channel.readInbound());
  }
}
