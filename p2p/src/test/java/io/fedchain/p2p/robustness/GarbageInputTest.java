package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.yamux.FrameHeader;
import io.fedchain.p2p.yamux.FrameType;
import io.fedchain.p2p.yamux.GoAwayCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (a) Garbage at every layer closes that one connection, is counted, and the node serves on. */
class GarbageInputTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(TIMEOUT);

  @AfterEach
  void close() {
    node.close();
  }

  private static byte[] junk(Random rng, int maxLength) {
    byte[] b = new byte[1 + rng.nextInt(maxLength)];
    rng.nextBytes(b);
    return b;
  }

  @Test
  void garbageBeforeTheHandshakeShouldCloseEachConnectionAtTheSecuritySelection() {
    Random rng = new Random(101);
    int attackers = 16;
    List<RawPeer> peers = new ArrayList<>();
    for (int i = 0; i < attackers; i++) {
      RawPeer p = RawPeer.dial(node.addr());
      p.trySend(junk(rng, 4096));
      peers.add(p);
    }
    for (RawPeer p : peers) {
      // Before closing, the node sends at most its own multistream header.
      p.drainUntilClosed(Await.DEADLINE);
      p.close();
    }
    Await.until("every junk connection counted", () -> node.metrics.count("failed:security") == attackers);
    assertEquals(0, node.metrics.count("opened"), node.metrics.toString());
    node.assertStillServing();
  }

  @Test
  void garbageInsideANoiseSessionInsteadOfMultistreamShouldCloseTheConnectionAtTheMuxerSelection() throws Exception {
    Random rng = new Random(102);
    int attackers = 8;
    for (int i = 0; i < attackers; i++) {
      try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
        ch.tryWrite(junk(rng, 2048));
        ch.drainUntilClosed(Await.DEADLINE);
      }
    }
    Await.until("every connection counted", () -> node.metrics.count("failed:muxer") == attackers);
    assertEquals(0, node.metrics.count("opened"), node.metrics.toString());
    node.assertStillServing();
  }

  @Test
  void garbageInsteadOfYamuxFramesShouldEndTheSessionWithAProtocolError() throws Exception {
    Random rng = new Random(103);
    int attackers = 8;
    for (int i = 0; i < attackers; i++) {
      try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
        ch.selectYamux();
        byte[] junk = junk(rng, 2048);
        junk[0] |= 1; // a version byte other than 0: garbage, not a frame that is merely incomplete
        ch.tryWrite(junk);
        byte[] fromNode = ch.readPlainUntilClosed(Await.DEADLINE);
        assertEquals(OptionalLong.of(GoAwayCode.PROTOCOL_ERROR.code()), lastGoAway(fromNode));
      }
    }
    Await.until("every broken session counted", () -> node.metrics.count("error:yamux") >= attackers);
    Await.until("every connection closed", () -> node.metrics.count("closed") == attackers);
    node.assertStillServing();
    // Long after the sessions ended: each was counted once, not once per re-entry.
    assertEquals(attackers, node.metrics.count("error:yamux"), node.metrics.toString());
  }

  @Test
  void ciphertextThatFailsAuthenticationShouldCloseTheConnection() throws Exception {
    Random rng = new Random(104);
    // While the muxer is being negotiated.
    try (NoiseChannel ch = RawPeer.connectSecure(node.addr(), Identity.random())) {
      byte[] forged = new byte[16 + rng.nextInt(1000)];
      rng.nextBytes(forged);
      ch.writeRawFrame(forged);
      ch.drainUntilClosed(Await.DEADLINE);
    }
    Await.until("the failure counted", () -> node.metrics.count("failed:muxer") == 1);

    // On a live connection, after yamux.
    Identity attacker = Identity.random();
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      Await.until("the node to register the connection", () -> node.connected.contains(attacker.peerId()));
      byte[] forged = new byte[16 + rng.nextInt(1000)];
      rng.nextBytes(forged);
      mux.channel().writeRawFrame(forged);
      mux.awaitClosed();
    }
    Await.until("the Noise failure counted", () -> node.metrics.count("error:noise") >= 1);
    Await.until("the connection closed", () -> node.metrics.count("closed") == 1);
    Await.until("the node to forget the connection", () -> !node.net.connectedPeers().contains(attacker.peerId()));
    node.assertStillServing();
    // Long after the session ended: counted once, although sending its GoAway re-entered it.
    assertEquals(1, node.metrics.count("error:noise"), node.metrics.toString());
  }

  /** The code of the last GoAway in a plaintext yamux byte stream from the node. */
  static OptionalLong lastGoAway(byte[] plaintext) {
    OptionalLong code = OptionalLong.empty();
    ByteBuf b = Unpooled.wrappedBuffer(plaintext);
    while (b.readableBytes() >= FrameHeader.SIZE) {
      FrameHeader h = FrameHeader.decode(b, 0xFFFF_FFFFL);
      if (h.type() == FrameType.DATA) {
        if (b.readableBytes() < h.length()) {
          break;
        }
        b.skipBytes((int) h.length());
      }
      if (h.type() == FrameType.GO_AWAY) {
        code = OptionalLong.of(h.length());
      }
    }
    return code;
  }
}
