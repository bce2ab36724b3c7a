package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.noise.NoiseHandshake;
import io.fedchain.p2p.ping.PingService;
import io.fedchain.p2p.yamux.Flags;
import io.fedchain.p2p.yamux.FrameHeader;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * (f) A peer that stops half way is dropped when the stage's timeout (500 ms here) runs out; the
 * tests wait for the close, with a deadline well beyond the timeout only so they cannot hang.
 */
class StalledPeerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(TIMEOUT);

  @AfterEach
  void close() {
    node.close();
  }

  @Test
  void aPeerThatStopsAfterTheMultistreamHeaderShouldBeClosedAtTheNegotiationTimeout() {
    try (RawPeer p = RawPeer.dial(node.addr())) {
      p.send(Negotiation.encode(Negotiation.PROTOCOL_ID));
      p.drainUntilClosed(Await.DEADLINE);
    }
    Await.until("the timeout counted", () -> node.metrics.count("failed:security") == 1);
    node.assertStillServing();
  }

  @Test
  void aPeerThatStopsDuringTheNoiseHandshakeShouldBeClosedAtTheHandshakeTimeout() throws Exception {
    // Both stalls at once: the test takes one timeout, not two.
    try (RawPeer afterMessage1 = RawPeer.dial(node.addr()); RawPeer midFrame = RawPeer.dial(node.addr())) {
      afterMessage1.selectNoise();
      afterMessage1.sendNoiseFrame(NoiseHandshake.initiator(Identity.random(), Optional.empty()).writeMessage());
      // A frame that announces 65535 bytes and brings 10: the node may not wait for the rest forever.
      midFrame.selectNoise();
      midFrame.send(new byte[] {(byte) 0xff, (byte) 0xff}, new byte[10]);
      afterMessage1.drainUntilClosed(Await.DEADLINE); // message 2 arrives first, then the close
      assertEquals(0, midFrame.drainUntilClosed(Await.DEADLINE));
    }
    Await.until("both timeouts counted", () -> node.metrics.count("failed:noise") == 2);
    assertEquals(0, node.metrics.count("opened"));
    node.assertStillServing();
  }

  @Test
  void aPeerThatStopsAfterNoiseShouldBeClosedAtTheMuxerNegotiationTimeout() throws Exception {
    try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
      ch.drainUntilClosed(Await.DEADLINE);
    }
    Await.until("the timeout counted", () -> node.metrics.count("failed:muxer") == 1);
    assertEquals(0, node.metrics.count("opened"));
    node.assertStillServing();
  }

  @Test
  void aStreamThatStopsMidNegotiationShouldBeResetAndTheConnectionKept() throws Exception {
    Identity attacker = Identity.random();
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      int id = mux.nextStreamId();
      mux.write(RawYamux.frame(FrameHeader.windowUpdate(Flags.SYN, id, 0), new byte[0]),
          RawYamux.dataFrame(0, id, Negotiation.encode(Negotiation.PROTOCOL_ID)));
      mux.awaitReset(id);
      Await.until("the refused stream counted", () -> node.metrics.count("streamRefused") == 1);
      assertFalse(mux.isClosed());
      int ping = mux.openNegotiated(PingService.PROTOCOL);
      byte[] payload = new byte[32];
      new Random(501).nextBytes(payload);
      mux.data(ping, payload);
      assertArrayEquals(payload, mux.awaitData(ping, 32));
    }
    node.assertStillServing();
  }
}
