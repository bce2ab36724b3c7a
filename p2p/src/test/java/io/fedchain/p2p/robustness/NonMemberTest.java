package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.gossip.GossipRouter;
import io.fedchain.p2p.gossip.MessageSigning;
import io.fedchain.p2p.gossip.Rpc;
import io.fedchain.p2p.gossip.RpcCodec;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.noise.NoiseFrames;
import io.fedchain.p2p.noise.NoiseHandshake;
import io.fedchain.p2p.ping.PingService;
import io.fedchain.p2p.proto.ProtoWriter;
import io.fedchain.p2p.yamux.YamuxSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * (h) On a permissioned node a peer outside the membership is disconnected as soon as Noise has
 * told the node who it is, before any protocol runs, whichever side dialed; members carry on.
 */
class NonMemberTest {
  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final Identity nonMember = Identity.random();
  private final NodeUnderTest node = NodeUnderTest.permissioned(Duration.ofMillis(500), List.of());

  @AfterEach
  void close() {
    node.close();
  }

  /**
   * The non-member sends everything it would do next in the same write as Noise message 3: yamux,
   * a gossip stream carrying a subscription and a signed message, and a ping. None of it may run.
   */
  @Test
  void aNonMemberShouldBeClosedRightAfterNoiseWithNothingItSentReachingTheApplication() throws Exception {
    byte[] data = "from outside the membership".getBytes(StandardCharsets.UTF_8);
    try (RawPeer p = RawPeer.dial(node.addr())) {
      p.selectNoise();
      NoiseHandshake hs = NoiseHandshake.initiator(nonMember, Optional.empty());
      p.sendNoiseFrame(hs.writeMessage());
      hs.readMessage(p.readNoiseFrame());
      byte[] message3 = NoiseFrames.frame(hs.writeMessage());
      NoiseChannel ch = p.secure(hs.session());
      Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(true, NodeUnderTest.TOPIC)),
          List.of(MessageSigning.sign(nonMember, NodeUnderTest.TOPIC, data, 1, true)), Optional.empty());
      byte[] everythingElse = ch.encrypt(Negotiation.encode(Negotiation.PROTOCOL_ID),
          Negotiation.encode(YamuxSession.PROTOCOL_ID),
          RawYamux.openStreamFrames(1, GossipRouter.MESHSUB_V11, ProtoWriter.lengthPrefixed(RpcCodec.encode(rpc))),
          RawYamux.openStreamFrames(3, PingService.PROTOCOL, new byte[32]));
      p.send(message3, everythingElse);
      // Not even a multistream header: the node closes without answering anything.
      assertEquals(0, p.drainUntilClosed(Await.DEADLINE), "the node answered a non-member");
    }
    Await.until("the refusal counted", () -> node.metrics.count("failed:gater") == 1);

    // A member in the same test: connects, pings, gossips.
    node.assertStillServing();
    // The member's message went through the gossip thread after anything the non-member could have sent.
    assertFalse(node.delivered.stream().anyMatch(m -> m.author().equals(Optional.of(nonMember.peerId()))));
    assertNoTraceOf(nonMember.peerId());
  }

  @Test
  void aConnectionThePermissionedNodeDialsToANonMemberShouldBeClosedAfterNoise() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Multiaddr addr = Multiaddr.tcp((InetSocketAddress) server.getLocalSocketAddress(), Optional.empty());
      CompletableFuture<?> dial = node.net.dial(addr);
      try (RawPeer p = RawPeer.accept(server)) {
        p.acceptNoise();
        NoiseChannel ch = p.handshakeAsResponder(nonMember);
        // The node, which dialed, would propose its muxer next; it must close instead.
        assertEquals(0, ch.drainUntilClosed(Await.DEADLINE), "the node went on with a non-member");
      }
      assertInstanceOf(SecurityException.class, Await.failure(dial));
    }
    Await.until("the refusal counted", () -> node.metrics.count("failed:gater") == 1);
    node.assertStillServing();
    assertNoTraceOf(nonMember.peerId());
  }

  private void assertNoTraceOf(PeerId peer) {
    assertFalse(node.connected.contains(peer), "connected");
    assertFalse(node.identified.contains(peer), "identified");
    assertTrue(node.net.peerInfo(peer).isEmpty(), "identify info");
    assertFalse(node.isGossipPeer(peer), "gossip peer");
    assertEquals(0, node.gossipMetrics.malformed(peer));
    // Only the member's connection ever opened.
    assertEquals(1, node.metrics.count("opened"), node.metrics.toString());
  }
}
