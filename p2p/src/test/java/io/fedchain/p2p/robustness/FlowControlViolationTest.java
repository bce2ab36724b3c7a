package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.p2p.gossip.GossipRouter;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.proto.ProtoWriter;
import io.fedchain.p2p.yamux.Flags;
import io.fedchain.p2p.yamux.GoAwayCode;
import io.fedchain.p2p.yamux.YamuxConfig;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * (d) Data beyond a stream's receive window ends the session with a protocol error: the node never
 * buffers more than it granted.
 */
class FlowControlViolationTest {
  private static final int WINDOW = YamuxConfig.SPEC_INITIAL_WINDOW;

  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(Duration.ofMillis(500));
  private final Random rng = new Random(301);

  @AfterEach
  void close() {
    node.close();
  }

  private byte[] random(int n) {
    byte[] b = new byte[n];
    rng.nextBytes(b);
    return b;
  }

  /**
   * 100 KiB then 157 KiB in one burst, on a gossipsub stream (which consumes quietly): the node
   * credits nothing back before half the window is consumed, so the second frame overruns the
   * 256 KiB it granted.
   */
  @Test
  void moreThanTheWindowInOneBurstShouldEndTheSession() throws Exception {
    Identity attacker = Identity.random();
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      int id = mux.openNegotiated(GossipRouter.MESHSUB_V11);
      // One RPC announced large enough to hold all of it, so the gossip framing never objects.
      byte[] first = NoiseChannel.concat(new ProtoWriter().rawVarint(2L * WINDOW).toByteArray(), random(100 << 10));
      byte[] second = random(157 << 10);
      mux.tryWrite(RawYamux.dataFrame(0, id, first), RawYamux.dataFrame(0, id, second));
      assertEquals(OptionalLong.of(GoAwayCode.PROTOCOL_ERROR.code()), mux.awaitClosed());
    }
    Await.until("the violation counted", () -> node.metrics.count("error:yamux") == 1);
    Await.until("the node to forget the connection", () -> !node.net.connectedPeers().contains(attacker.peerId()));
    node.assertStillServing();
  }

  @Test
  void openingAStreamWithMoreThanTheInitialWindowShouldEndTheSession() throws Exception {
    Identity attacker = Identity.random();
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      mux.tryWrite(RawYamux.dataFrame(Flags.SYN, mux.nextStreamId(), random(WINDOW + 1)));
      assertEquals(OptionalLong.of(GoAwayCode.PROTOCOL_ERROR.code()), mux.awaitClosed());
    }
    Await.until("the violation counted", () -> node.metrics.count("error:yamux") == 1);
    Await.until("the node to forget the connection", () -> !node.net.connectedPeers().contains(attacker.peerId()));
    node.assertStillServing();
  }
}
