package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.gossip.GossipRouter;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.noise.NoiseFrames;
import io.fedchain.p2p.ping.PingService;
import io.fedchain.p2p.proto.ProtoWriter;
import io.fedchain.p2p.yamux.Flags;
import io.fedchain.p2p.yamux.FrameHeader;
import io.fedchain.p2p.yamux.FrameType;
import io.fedchain.p2p.yamux.GoAwayCode;
import io.fedchain.p2p.yamux.YamuxConfig;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (c) Lengths beyond a layer's limit are refused from the length alone, before anything is buffered. */
class OversizeInputTest {
  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(Duration.ofMillis(500));

  @AfterEach
  void close() {
    node.close();
  }

  /**
   * Noise's 2-byte length cannot announce more than 65535 bytes, so no frame is oversize on the
   * wire: what a peer can do is send the largest frame there is full of forged ciphertext, or one
   * too short to hold the authentication tag. Both close the connection.
   */
  @Test
  void theLargestNoiseFrameOfForgedCiphertextAndOneShorterThanItsTagShouldCloseTheConnection() throws Exception {
    Random rng = new Random(201);
    try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
      byte[] forged = new byte[NoiseFrames.MAX_MESSAGE_LENGTH];
      rng.nextBytes(forged);
      ch.writeRawFrame(forged);
      ch.drainUntilClosed(Await.DEADLINE);
    }
    try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
      ch.writeRawFrame(new byte[] {1, 2, 3, 4, 5});
      ch.drainUntilClosed(Await.DEADLINE);
    }
    Await.until("both failures counted", () -> node.metrics.count("failed:muxer") == 2);
    assertEquals(0, node.metrics.count("opened"), node.metrics.toString());
    node.assertStillServing();
  }

  @Test
  void anOversizeYamuxFrameShouldEndTheSessionFromItsHeaderAlone() throws Exception {
    Identity attacker = Identity.random();
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      Await.until("the node to register the connection", () -> node.connected.contains(attacker.peerId()));
      int id = mux.nextStreamId();
      long tooLong = YamuxConfig.defaults().maxFrameLength() + 1L;
      // Only the header: a node that waited for the payload would never close.
      mux.write(RawYamux.frame(FrameHeader.windowUpdate(Flags.SYN, id, 0), new byte[0]),
          RawYamux.frame(new FrameHeader(FrameType.DATA, 0, id, tooLong), new byte[0]));
      assertEquals(OptionalLong.of(GoAwayCode.PROTOCOL_ERROR.code()), mux.awaitClosed());
    }
    Await.until("the violation counted", () -> node.metrics.count("error:yamux") == 1);
    Await.until("the node to forget the connection", () -> !node.net.connectedPeers().contains(attacker.peerId()));
    node.assertStillServing();
  }

  @Test
  void anOversizeGossipRpcLengthShouldResetOnlyThatStreamAndPenaliseTheSender() throws Exception {
    Identity attacker = Identity.random();
    int maxRpc = node.net.gossip().router().config().maxRpcSize();
    NoiseChannel secure = RawPeer.connectSecure(node.addr(), attacker);
    try (RawYamux mux = RawYamux.start(secure, Set.of(GossipRouter.MESHSUB_V11))) {
      mux.awaitInbound(GossipRouter.MESHSUB_V11);
      Await.until("the node's router to know the attacker", () -> node.isGossipPeer(attacker.peerId()));
      long[] lengths = {maxRpc + 1L, 0xFFFF_FFFFL};
      for (int i = 0; i < lengths.length; i++) {
        // Only the length prefix: the node must refuse it before any of the RPC arrives.
        byte[] prefix = new ProtoWriter().rawVarint(lengths[i]).toByteArray();
        int id = mux.openStream(GossipRouter.MESHSUB_V11, prefix);
        mux.awaitReset(id);
        long expected = i + 1;
        Await.until("the malformed RPC counted", () -> node.gossipMetrics.malformed(attacker.peerId()) == expected);
      }
      // The default score forgives one behaviour incident; the second costs.
      assertTrue(node.score(attacker.peerId()) < 0, "score " + node.score(attacker.peerId()));

      // Only the streams went: the connection still carries a ping.
      assertFalse(mux.isClosed());
      int ping = mux.openNegotiated(PingService.PROTOCOL);
      byte[] payload = new byte[32];
      new Random(202).nextBytes(payload);
      mux.data(ping, payload);
      assertArrayEquals(payload, mux.awaitData(ping, 32));
      assertTrue(node.net.connectedPeers().contains(attacker.peerId()));
    }
    node.assertStillServing();
  }
}
