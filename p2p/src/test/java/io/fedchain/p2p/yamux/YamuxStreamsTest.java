package io.fedchain.p2p.yamux;

import static io.fedchain.p2p.yamux.Frames.hex;
import static io.fedchain.p2p.yamux.Frames.headers;
import static io.fedchain.p2p.yamux.Frames.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams between two sessions: opening, data, flow control, half-close, reset, limits. */
class YamuxStreamsTest {
  private static final int WINDOW = 256 * 1024;

  @Test
  void openingShouldSendWindowUpdateSynAndAcceptingShouldAnswerAck() {
    SessionPair p = new SessionPair(1);
    YamuxStream s = p.client.openStream();
    assertEquals(1, s.id());
    byte[] syn = p.toServer.take();
    assertEquals("00" + "01" + "0001" + "00000001" + "00000000", hex(syn));
    assertEquals(1, p.toServer.flushes);

    p.server.onBytes(p.bytes(syn));
    assertEquals(1, p.serverEvents.inbound.size());
    assertEquals(1, p.serverEvents.inbound.get(0).id());
    byte[] ack = p.toClient.take();
    assertEquals("00" + "01" + "0002" + "00000001" + "00000000", hex(ack));

    assertFalse(s.isAcknowledged());
    p.client.onBytes(p.bytes(ack));
    assertTrue(s.isAcknowledged());

    assertEquals(3, p.client.openStream().id());
    assertEquals(2, p.server.openStream().id());
    assertEquals(4, p.server.openStream().id());
    p.pump();
    assertEquals(List.of(2, 4), p.clientEvents.inbound.stream().map(YamuxStream::id).toList());
    p.assertAllReleased();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void shouldCarryRandomDataBothWaysOnManyStreamsInOrder(long seed) {
    SessionPair p = new SessionPair(seed);
    Random rng = new Random(seed);
    int n = 24;
    List<YamuxStream> outbound = new ArrayList<>();
    List<Collector> outboundCollectors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      YamuxStream s = p.client.openStream();
      Collector c = new Collector();
      s.setHandler(c);
      outbound.add(s);
      outboundCollectors.add(c);
    }
    p.pump();
    List<YamuxStream> inbound = p.serverEvents.inbound;
    assertEquals(n, inbound.size());
    ByteArrayOutputStream[] up = new ByteArrayOutputStream[n];
    ByteArrayOutputStream[] down = new ByteArrayOutputStream[n];
    for (int i = 0; i < n; i++) {
      up[i] = new ByteArrayOutputStream();
      down[i] = new ByteArrayOutputStream();
    }
    for (int round = 0; round < 120; round++) {
      int i = rng.nextInt(n);
      int size = rng.nextInt(10) == 0 ? WINDOW + rng.nextInt(3 * WINDOW) : rng.nextInt(5000);
      byte[] data = random(rng, size);
      if (rng.nextBoolean()) {
        outbound.get(i).write(p.bytes(data));
        up[i].writeBytes(data);
      } else {
        inbound.get(i).write(p.bytes(data));
        down[i].writeBytes(data);
      }
      if (rng.nextInt(4) == 0) {
        p.pump();
      }
    }
    for (int i = 0; i < n; i++) {
      outbound.get(i).closeWrite();
      inbound.get(i).closeWrite();
    }
    p.pump();
    for (int i = 0; i < n; i++) {
      Collector atServer = p.serverEvents.collector(inbound.get(i));
      assertArrayEquals(up[i].toByteArray(), atServer.bytes(), "client to server on stream " + outbound.get(i).id());
      assertArrayEquals(down[i].toByteArray(), outboundCollectors.get(i).bytes(), "server to client on stream " + i);
      assertEquals(1, atServer.remoteCloses);
      assertEquals(1, outboundCollectors.get(i).remoteCloses);
      assertEquals(0, atServer.resets + outboundCollectors.get(i).resets);
    }
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
    p.assertAllReleased();
  }

  @Test
  void writerShouldQueueBeyondTheWindowAndResumeOnlyOnWindowUpdates() {
    SessionPair p = new SessionPair(7);
    p.serverEvents.autoConsume = false;
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    byte[] data = random(new Random(7), 4 * WINDOW + 123);
    s.write(p.bytes(data));
    assertEquals(data.length - WINDOW, s.queuedBytes());
    assertEquals(0, s.sendWindow());

    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    Collector atServer = p.serverEvents.collector(in);
    assertEquals(WINDOW, atServer.data.size(), "nothing beyond one window while the reader consumes nothing");
    assertEquals(data.length - WINDOW, s.queuedBytes());
    p.pump();
    assertEquals(WINDOW, atServer.data.size());

    int refills = 0;
    while (atServer.data.size() < data.length) {
      atServer.consumeAll(in);
      p.pump();
      assertTrue(++refills < 100);
    }
    assertTrue(refills >= 4, "needed " + refills + " window updates for four windows");
    assertArrayEquals(data, atServer.bytes());
    assertEquals(0, s.queuedBytes());
    assertEquals(1, atClient.writables);
    p.assertAllReleased();
  }

  @Test
  void dataFramesShouldNotExceedTheConfiguredFrameSize() {
    SessionPair p = new SessionPair(8, YamuxConfig.defaults().withMaxDataFrameSize(10_000), YamuxConfig.defaults());
    YamuxStream s = p.client.openStream();
    s.write(p.bytes(new byte[WINDOW + 5]));
    List<FrameHeader> frames = headers(p.toServer.take());
    long payload = 0;
    for (FrameHeader h : frames.subList(1, frames.size())) {
      assertEquals(FrameType.DATA, h.type());
      assertTrue(h.length() <= 10_000, h.toString());
      payload += h.length();
    }
    assertEquals(WINDOW, payload, "exactly the initial window goes out");
    s.reset();
    p.assertAllReleased();
  }

  @Test
  void aLargerConfiguredWindowShouldBeAnnouncedWithSynAndAck() {
    YamuxConfig big = YamuxConfig.defaults().withInitialStreamWindow(4 * WINDOW);
    SessionPair p = new SessionPair(9, big, big);
    p.serverEvents.autoConsume = false;
    YamuxStream s = p.client.openStream();
    byte[] syn = p.toServer.take();
    assertEquals("00" + "01" + "0001" + "00000001" + "000c0000", hex(syn), "SYN announces 1 MiB - 256 KiB");
    p.server.onBytes(p.bytes(syn));
    byte[] ack = p.toClient.take();
    assertEquals("00" + "01" + "0002" + "00000001" + "000c0000", hex(ack));
    p.client.onBytes(p.bytes(ack));
    assertEquals(4 * WINDOW, s.sendWindow());

    s.write(p.bytes(new byte[8 * WINDOW]));
    p.pump();
    assertEquals(4 * WINDOW, p.serverEvents.collector(p.serverEvents.inbound.get(0)).data.size());
    assertEquals(4 * WINDOW, s.queuedBytes());
    p.client.close();
    p.assertAllReleased();
  }

  @Test
  void receiveWindowShouldDoubleUpToTheMaxWhileTheReaderKeepsUpWithinFourRoundTrips() {
    YamuxConfig cfg = YamuxConfig.defaults().withMaxStreamWindow(4 * WINDOW);
    SessionPair p = new SessionPair(10, cfg, cfg);
    p.server.ping();
    p.clock.addAndGet(10_000_000);
    p.pump();
    assertEquals(10, p.server.rtt().orElseThrow().toMillis());

    YamuxStream s = p.client.openStream();
    byte[] data = random(new Random(10), 16 * WINDOW);
    s.write(p.bytes(data));
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    assertArrayEquals(data, p.serverEvents.collector(in).bytes());
    assertEquals(4 * WINDOW, in.receiveWindow(), "doubled twice, then capped");
    assertTrue(s.sendWindow() > WINDOW, "the writer may now have more than 256 KiB in flight: " + s.sendWindow());
    p.assertAllReleased();
  }

  @Test
  void receiveWindowShouldStayWhenWindowUpdatesAreFurtherApartThanFourRoundTrips() {
    YamuxConfig cfg = YamuxConfig.defaults().withMaxStreamWindow(4 * WINDOW);
    SessionPair p = new SessionPair(11, cfg, cfg);
    p.server.ping();
    p.clock.addAndGet(10_000_000);
    p.pump();

    // Every delivery takes the reader 50 ms, longer than four 10 ms round trips.
    p.serverEvents.onEachData = () -> p.clock.addAndGet(50_000_000);
    YamuxStream s = p.client.openStream();
    byte[] data = random(new Random(11), 16 * WINDOW);
    s.write(p.bytes(data));
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    assertArrayEquals(data, p.serverEvents.collector(in).bytes());
    assertEquals(WINDOW, in.receiveWindow());
    p.assertAllReleased();
  }

  @Test
  void halfCloseFromTheOpenerShouldLeaveTheOtherDirectionOpen() {
    SessionPair p = new SessionPair(12);
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    s.write(p.bytes("hello".getBytes()));
    s.closeWrite();
    s.closeWrite();
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    Collector atServer = p.serverEvents.collector(in);
    assertEquals("hello", new String(atServer.bytes()));
    assertEquals(1, atServer.remoteCloses);
    assertTrue(in.isRemoteClosed());
    assertThrows(IllegalStateException.class, () -> s.write(p.bytes(new byte[1])));

    in.write(p.bytes("world".getBytes()));
    p.pump();
    assertEquals("world", new String(atClient.bytes()));
    assertEquals(1, p.client.streamCount());
    assertEquals(1, p.server.streamCount());

    in.closeWrite();
    p.pump();
    assertEquals(1, atClient.remoteCloses);
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
    p.assertAllReleased();
  }

  @Test
  void halfCloseFromTheAcceptorShouldLeaveTheOtherDirectionOpen() {
    SessionPair p = new SessionPair(13);
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    in.write(p.bytes("answer".getBytes()));
    in.closeWrite();
    p.pump();
    assertEquals("answer", new String(atClient.bytes()));
    assertEquals(1, atClient.remoteCloses);

    s.write(p.bytes("more".getBytes()));
    p.pump();
    assertEquals("more", new String(p.serverEvents.collector(in).bytes()));
    s.closeWrite();
    p.pump();
    assertEquals(1, p.serverEvents.collector(in).remoteCloses);
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
    p.assertAllReleased();
  }

  @Test
  void finShouldFollowQueuedDataAndArriveAfterAllOfIt() {
    SessionPair p = new SessionPair(14);
    p.serverEvents.autoConsume = false;
    YamuxStream s = p.client.openStream();
    byte[] data = random(new Random(14), 2 * WINDOW + 99);
    s.write(p.bytes(data));
    s.closeWrite();
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    Collector atServer = p.serverEvents.collector(in);
    assertEquals(0, atServer.remoteCloses, "FIN waits behind the queued data");
    for (int refills = 0; atServer.remoteCloses == 0; refills++) {
      assertTrue(refills < 100, "FIN never arrived");
      atServer.consumeAll(in);
      p.pump();
    }
    assertArrayEquals(data, atServer.bytes());
    p.assertAllReleased();
  }

  @Test
  void dataShouldWaitForAHandlerAndHoldBackTheWindowMeanwhile() {
    SessionPair p = new SessionPair(15);
    p.serverEvents.setHandlers = false;
    YamuxStream s = p.client.openStream();
    byte[] data = random(new Random(15), WINDOW + 5000);
    s.write(p.bytes(data));
    s.closeWrite();
    p.pump();
    assertEquals(5000, s.queuedBytes(), "unread data is not credited back");
    YamuxStream in = p.serverEvents.inbound.get(0);
    Collector late = new Collector();
    in.setHandler(late);
    assertEquals(WINDOW, late.data.size());
    assertEquals(0, late.remoteCloses);
    p.pump();
    assertArrayEquals(data, late.bytes());
    assertEquals(1, late.remoteCloses);
    p.assertAllReleased();
  }

  @Test
  void aStreamNobodyReadsShouldLeaveTheSessionOnceClosedBothWays() {
    SessionPair p = new SessionPair(22);
    YamuxStream s = p.client.openStream();
    s.write(p.bytes("fire and forget".getBytes()));
    s.closeWrite();
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    in.closeWrite();
    p.pump();
    assertEquals(0, p.client.streamCount(), "no handler, no unread data: the stream is done");
    assertEquals(0, p.server.streamCount());
    Collector late = new Collector();
    s.setHandler(late);
    assertEquals(1, late.remoteCloses);
    p.assertAllReleased();
  }

  @Test
  void resetByTheOpenerShouldReachTheAcceptorAndDropQueuedData() {
    SessionPair p = new SessionPair(16);
    p.serverEvents.autoConsume = false;
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    s.write(p.bytes(new byte[3 * WINDOW]));
    p.pump();
    assertEquals(2 * WINDOW, s.queuedBytes());
    s.reset();
    assertEquals(0, s.queuedBytes());
    assertTrue(s.isReset());
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    assertEquals(1, p.serverEvents.collector(in).resets);
    assertTrue(in.isReset());
    assertEquals(0, atClient.resets, "a local reset calls no handler");
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
    YamuxException e = assertThrows(YamuxException.class, () -> s.write(p.bytes(new byte[1])));
    assertTrue(e.getMessage().contains("it was reset"), e.getMessage());
    s.closeWrite();
    p.assertAllReleased();
  }

  @Test
  void resetByTheAcceptorShouldReachTheOpener() {
    SessionPair p = new SessionPair(17);
    p.serverEvents.autoConsume = false;
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    s.write(p.bytes(new byte[2 * WINDOW]));
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    in.reset();
    p.pump();
    assertEquals(1, atClient.resets);
    assertTrue(s.isReset());
    assertEquals(0, s.queuedBytes());
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
    p.assertAllReleased();
  }

  @Test
  void inboundStreamsBeyondTheLimitShouldBeReset() {
    SessionPair p = new SessionPair(18, YamuxConfig.defaults(), YamuxConfig.defaults().withMaxInboundStreams(3));
    List<Collector> collectors = new ArrayList<>();
    List<YamuxStream> streams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      YamuxStream s = p.client.openStream();
      Collector c = new Collector();
      s.setHandler(c);
      streams.add(s);
      collectors.add(c);
    }
    p.pump();
    assertEquals(3, p.serverEvents.inbound.size());
    assertEquals(List.of(0, 0, 0, 1, 1), collectors.stream().map(c -> c.resets).toList());
    assertEquals(3, p.client.streamCount());

    streams.get(0).closeWrite();
    p.serverEvents.inbound.get(0).closeWrite();
    p.pump();
    YamuxStream next = p.client.openStream();
    Collector c = new Collector();
    next.setHandler(c);
    p.pump();
    assertEquals(4, p.serverEvents.inbound.size());
    assertEquals(0, c.resets);
    p.assertAllReleased();
  }

  @Test
  void openingShouldStopAtTheOutboundLimitAndTheAckBacklog() {
    SessionPair p = new SessionPair(19, YamuxConfig.defaults().withMaxOutboundStreams(2), YamuxConfig.defaults());
    p.client.openStream();
    p.client.openStream();
    YamuxException e = assertThrows(YamuxException.class, p.client::openStream);
    assertTrue(e.getMessage().contains("maxOutboundStreams"), e.getMessage());

    SessionPair q = new SessionPair(20, YamuxConfig.defaults().withMaxAckBacklog(2), YamuxConfig.defaults());
    q.client.openStream();
    q.client.openStream();
    e = assertThrows(YamuxException.class, q.client::openStream);
    assertTrue(e.getMessage().contains("has not acknowledged 2 streams"), e.getMessage());
    q.pump();
    assertEquals(5, q.client.openStream().id());
    p.client.close();
    q.client.close();
    p.assertAllReleased();
    q.assertAllReleased();
  }

  @Test
  void aFailingHandlerShouldResetOnlyItsStream() {
    SessionPair p = new SessionPair(21);
    p.serverEvents.setHandlers = false;
    YamuxStream a = p.client.openStream();
    YamuxStream b = p.client.openStream();
    Collector atA = new Collector();
    Collector atB = new Collector();
    a.setHandler(atA);
    b.setHandler(atB);
    p.pump();
    p.serverEvents.inbound.get(0).setHandler((stream, data) -> {
      data.release();
      throw new IllegalStateException("application bug");
    });
    Collector atServerB = p.serverEvents.collector(p.serverEvents.inbound.get(1));
    p.serverEvents.inbound.get(1).setHandler(atServerB);
    a.write(p.bytes("x".getBytes()));
    b.write(p.bytes("y".getBytes()));
    p.pump();
    assertEquals(1, atA.resets);
    assertEquals(0, atB.resets);
    assertEquals("y", new String(atServerB.bytes()));
    assertFalse(p.server.isClosed());
    assertEquals(1, p.server.streamCount());
    p.assertAllReleased();
  }

  @Test
  void aFailingListenerShouldResetTheStreamItWasOffered() {
    TrackingAllocator alloc = new TrackingAllocator();
    Wire toServer = new Wire(alloc);
    Wire toClient = new Wire(alloc);
    YamuxSession client = new YamuxSession(Role.CLIENT, YamuxConfig.defaults(), toServer, new Recorder());
    YamuxSession server = new YamuxSession(Role.SERVER, YamuxConfig.defaults(), toClient, stream -> {
      throw new IllegalStateException("listener bug");
    });
    YamuxStream s = client.openStream();
    Collector c = new Collector();
    s.setHandler(c);
    s.write(alloc.bytes(new byte[100]));
    server.onBytes(toServer.takeBuffer());
    assertEquals(headers(Frames.unhex("0001 0008 00000001 00000000")), headers(toClient.take()));
    assertFalse(server.isClosed());
    assertEquals(0, server.streamCount());
    client.close();
    toServer.take();
    alloc.assertAllReleased();
  }
}
