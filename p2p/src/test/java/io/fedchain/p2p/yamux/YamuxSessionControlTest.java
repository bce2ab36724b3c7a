package io.fedchain.p2p.yamux;

import static io.fedchain.p2p.yamux.Frames.hex;
import static io.fedchain.p2p.yamux.Frames.unhex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Session-level frames: ping, keep-alive, GoAway, close. */
class YamuxSessionControlTest {

  @Test
  void pingShouldBeEchoedWithTheSameOpaqueValueAndTimeTheRoundTrip() {
    SessionPair p = new SessionPair(1);
    assertEquals(0, p.client.ping());
    assertEquals(0, p.client.ping(), "one ping at a time");
    byte[] ping = p.toServer.take();
    assertEquals("00" + "02" + "0001" + "00000000" + "00000000", hex(ping));

    p.clock.set(5_000_000);
    p.server.onBytes(p.bytes(ping));
    byte[] pong = p.toClient.take();
    assertEquals("00" + "02" + "0002" + "00000000" + "00000000", hex(pong));
    assertEquals(Optional.empty(), p.client.rtt());
    p.client.onBytes(p.bytes(pong));
    assertEquals(Optional.of(Duration.ofMillis(5)), p.client.rtt());
    assertEquals(1, p.client.ping());

    p.server.onBytes(p.bytes(unhex("00 02 0001 00000000 deadbeef")));
    assertEquals("00" + "02" + "0002" + "00000000" + "deadbeef", hex(p.toClient.take()));
    p.assertAllReleased();
  }

  @Test
  void anUnsolicitedPingAnswerShouldBeIgnored() {
    SessionPair p = new SessionPair(2);
    p.client.onBytes(p.bytes(unhex("00 02 0002 00000000 00000077")));
    assertFalse(p.client.isClosed());
    assertTrue(p.toServer.isEmpty());
    assertEquals(Optional.empty(), p.client.rtt());
    p.assertAllReleased();
  }

  @Test
  void keepAliveShouldPingAndEndTheSessionWhenAPingGoesUnanswered() {
    SessionPair p = new SessionPair(3);
    p.client.keepAliveTick();
    p.pump();
    p.client.keepAliveTick();
    assertFalse(p.client.isClosed(), "the first ping was answered");
    assertEquals("00" + "02" + "0001" + "00000000" + "00000001", hex(p.toServer.take()));

    p.client.keepAliveTick();
    assertTrue(p.client.isClosed());
    assertEquals("00" + "03" + "0000" + "00000000" + "00000002", hex(p.toServer.take()));
    assertTrue(p.clientEvents.closeError().getMessage().contains("did not answer keep-alive ping 1"));
    p.assertAllReleased();
  }

  @Test
  void goAwayShouldRefuseNewStreamsBothWaysAndKeepOpenOnesWorking() {
    SessionPair p = new SessionPair(4);
    YamuxStream s = p.client.openStream();
    p.pump();
    p.server.goAway();
    p.server.goAway();
    assertEquals("00" + "03" + "0000" + "00000000" + "00000000", hex(p.toClient.take()));
    p.server.goAway();
    assertTrue(p.toClient.isEmpty(), "GoAway goes out once");
    p.client.onBytes(p.bytes(unhex("00 03 0000 00000000 00000000")));
    assertEquals(List.of(GoAwayCode.NORMAL), p.clientEvents.goAways);

    YamuxException e = assertThrows(YamuxException.class, p.client::openStream);
    assertTrue(e.getMessage().contains("the peer sent GoAway"), e.getMessage());
    e = assertThrows(YamuxException.class, p.server::openStream);
    assertTrue(e.getMessage().contains("this side sent GoAway"), e.getMessage());

    p.server.onBytes(p.bytes(unhex("00 01 0001 00000003 00000000")));
    assertEquals("00" + "01" + "0008" + "00000003" + "00000000", hex(p.toClient.take()), "a late SYN is reset");

    s.write(p.bytes("still here".getBytes()));
    p.pump();
    assertEquals("still here", new String(p.serverEvents.collector(p.serverEvents.inbound.get(0)).bytes()));
    assertFalse(p.client.isClosed());
    assertFalse(p.server.isClosed());
    p.assertAllReleased();
  }

  @Test
  void closeShouldSendGoAwayAndResetOpenStreams() {
    SessionPair p = new SessionPair(5);
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    p.pump();
    p.client.close();
    p.client.close();
    assertEquals("00" + "03" + "0000" + "00000000" + "00000000", hex(p.toServer.take()));
    assertEquals(1, atClient.resets);
    assertEquals(List.of(Optional.empty()), p.clientEvents.closes);
    assertThrows(YamuxException.class, p.client::openStream);
    assertThrows(YamuxException.class, p.client::ping);
    assertThrows(YamuxException.class, () -> s.write(p.bytes(new byte[3])));
    p.client.onBytes(p.bytes(new byte[7]));
    p.assertAllReleased();
  }

  @Test
  void aPeerGoingAwayNormallyShouldLeaveStreamsOpenButAnErrorCodeShouldEndTheSession() {
    SessionPair p = new SessionPair(6);
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    p.pump();
    p.client.onBytes(p.bytes(unhex("00 03 0000 00000000 00000002")));
    assertTrue(p.client.isClosed());
    assertTrue(p.clientEvents.closeError().getMessage().contains("GoAway INTERNAL_ERROR"));
    assertEquals(1, atClient.resets);
    p.assertAllReleased();
  }

  @Test
  void aClosedTransportShouldResetOpenStreamsWithoutAnError() {
    SessionPair p = new SessionPair(7);
    YamuxStream s = p.client.openStream();
    Collector atClient = new Collector();
    s.setHandler(atClient);
    s.write(p.bytes(new byte[400_000]));
    p.pump();
    p.client.onTransportClosed();
    assertEquals(1, atClient.resets);
    assertEquals(0, s.queuedBytes());
    assertEquals(List.of(Optional.empty()), p.clientEvents.closes);
    assertTrue(p.toServer.isEmpty());
    p.assertAllReleased();
  }

  @Test
  void callbacksMayCloseTheSessionWhileFramesAreBeingRead() {
    SessionPair p = new SessionPair(8);
    YamuxStream s = p.client.openStream();
    s.setHandler((stream, data) -> {
      data.release();
      stream.session().close();
    });
    p.pump();
    YamuxStream in = p.serverEvents.inbound.get(0);
    in.write(p.bytes("one".getBytes()));
    in.write(p.bytes("two".getBytes()));
    in.closeWrite();
    p.pump();
    assertTrue(p.client.isClosed());
    assertEquals(List.of(Optional.empty()), p.clientEvents.closes);
    assertEquals(List.of(GoAwayCode.NORMAL), p.serverEvents.goAways);
    p.assertAllReleased();
  }
}
