package io.fedchain.p2p.yamux;

import static io.fedchain.p2p.yamux.Frames.hex;
import static io.fedchain.p2p.yamux.Frames.unhex;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A peer that breaks the protocol: the session answers GoAway PROTOCOL_ERROR, resets its streams,
 * reports a {@link YamuxException}, and never throws.
 */
class YamuxProtocolErrorTest {
  private static final String GO_AWAY_PROTOCOL_ERROR = "00" + "03" + "0000" + "00000000" + "00000001";

  /** A pair whose client opened stream 1 and sent "hi"; the server accepted it. */
  private static SessionPair withOpenStream(Collector atClient) {
    SessionPair p = new SessionPair(5);
    YamuxStream s = p.client.openStream();
    s.setHandler(atClient);
    s.write(p.bytes("hi".getBytes()));
    p.pump();
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bad version           | 01 00 0000 00000001 00000000 | unsupported yamux version 1",
      "unknown type          | 00 07 0000 00000001 00000000 | unknown yamux frame type 7",
      "unknown flag          | 00 01 0040 00000001 00000000 | unknown flags [0x40]",
      "data beyond window    | 00 00 0000 00000001 0003ffff | exceeds its receive window: 262142 bytes left of 262144",
      "SYN data beyond 256K  | 00 00 0001 00000003 00040001 | exceeds the initial window",
      "wrong-parity SYN      | 00 01 0001 00000002 00000000 | an id of this side's parity",
      "duplicate SYN         | 00 01 0001 00000001 00000000 | duplicate SYN for stream 1",
      "decreasing ids        | 00 01 0001 00000007 00000000 00 01 0001 00000005 00000000 | inbound stream ids must increase",
      "data after FIN        | 00 01 0004 00000001 00000000 00 00 0000 00000001 00000001 41 | after its FIN",
      "window overflow       | 00 01 0000 00000001 ffffffff | beyond 32 bits",
      "ping on a stream      | 00 02 0001 00000001 00000000 | ping on stream 1",
      "data on stream 0      | 00 00 0000 00000000 00000000 | DATA frame on stream 0",
      "frame beyond the cap  | 00 00 0000 00000009 01000001 | exceeds the frame limit of 16777216",
      "unknown GoAway code   | 00 03 0000 00000000 00000009 | unknown GoAway code 9",
  })
  void shouldEndTheSessionWithGoAwayProtocolError(String name, String frames, String message) {
    Collector atClient = new Collector();
    SessionPair p = withOpenStream(atClient);
    Collector atServer = p.serverEvents.collector(p.serverEvents.inbound.get(0));

    assertDoesNotThrow(() -> p.server.onBytes(p.bytes(unhex(frames))));

    assertTrue(p.server.isClosed());
    YamuxException e = p.serverEvents.closeError();
    assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
    assertEquals(1, atServer.resets);
    byte[] sent = p.toClient.take();
    assertEquals(GO_AWAY_PROTOCOL_ERROR, hex(Arrays.copyOfRange(sent, sent.length - 12, sent.length)));

    p.client.onBytes(p.bytes(sent));
    assertEquals(List.of(GoAwayCode.PROTOCOL_ERROR), p.clientEvents.goAways);
    assertTrue(p.client.isClosed());
    assertTrue(p.clientEvents.closeError().getMessage().contains("GoAway PROTOCOL_ERROR"));
    assertEquals(1, atClient.resets);
    assertTrue(p.toServer.isEmpty(), "no GoAway back to a peer that already left");
    p.assertAllReleased();
  }

  @Test
  void bytesAfterTheErrorShouldBeReleasedAndIgnored() {
    SessionPair p = withOpenStream(new Collector());
    p.server.onBytes(p.bytes(unhex("01 00 0000 00000001 00000000 00 02 0001 00000000 00000001")));
    p.toClient.take();
    p.server.onBytes(p.bytes(unhex("00 02 0001 00000000 00000002")));
    assertTrue(p.toClient.isEmpty());
    assertEquals(1, p.serverEvents.closes.size());
    p.assertAllReleased();
  }

  @Test
  void aTruncatedHeaderAtEndOfConnectionShouldBeReported() {
    SessionPair p = new SessionPair(6);
    p.server.onBytes(p.bytes(unhex("00 01 0001 00")));
    assertFalse(p.server.isClosed(), "a partial header waits for more bytes");
    p.server.onTransportClosed();
    assertTrue(p.serverEvents.closeError().getMessage()
        .contains("the connection closed in the middle of a yamux frame (5 bytes of it received)"));
    p.assertAllReleased();
  }

  @Test
  void aTruncatedPayloadAtEndOfConnectionShouldBeReported() {
    Collector atClient = new Collector();
    SessionPair p = withOpenStream(atClient);
    p.server.onBytes(p.bytes(unhex("00 00 0000 00000001 0000000a 414243")));
    p.server.onTransportClosed();
    assertTrue(p.serverEvents.closeError().getMessage().contains("(15 bytes of it received)"));
    assertEquals(1, p.serverEvents.collector(p.serverEvents.inbound.get(0)).resets);
    p.assertAllReleased();
  }

  @Test
  void framesForUnknownStreamsShouldBeIgnored() {
    SessionPair p = withOpenStream(new Collector());
    p.server.onBytes(p.bytes(unhex(
        "00 00 0000 0000000b 00000003 414243"   // data for stream 11, never opened
            + "00 01 0000 0000000d 00001000"      // window update for stream 13
            + "00 01 0008 00000004 00000000"      // reset of our stream 4, never opened
            + "00 01 0002 00000002 00000000")));  // ACK for a stream we never opened
    assertFalse(p.server.isClosed());
    assertTrue(p.toClient.isEmpty());
    assertEquals(1, p.server.streamCount());
    p.assertAllReleased();
  }
}
