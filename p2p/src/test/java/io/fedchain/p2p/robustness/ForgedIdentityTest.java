package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.noise.NoiseException;
import io.fedchain.p2p.noise.NoiseHandshake;
import io.fedchain.p2p.noise.X25519KeyPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (b) A peer that cannot prove the identity it claims never gets past Noise, whichever side dialed. */
class ForgedIdentityTest {
  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(Duration.ofMillis(500));

  @AfterEach
  void close() {
    node.close();
  }

  @Test
  void aHandshakePayloadSignedByAnotherKeyShouldBeRefused() throws Exception {
    Identity claimed = Identity.random();
    Identity forger = Identity.random();
    // The forger signs the static key itself, claiming someone else's identity key.
    try (RawPeer p = RawPeer.dial(node.addr())) {
      p.selectNoise();
      X25519KeyPair s = X25519KeyPair.generate();
      RawPeer.initiatorWithPayload(p, s, RawPeer.handshakePayload(claimed, forger, s));
      assertEquals(0, p.drainUntilClosed(Await.DEADLINE), "the node sent something after refusing message 3");
    }
    // A genuine signature by the claimed identity, replayed from a session with another static key.
    try (RawPeer p = RawPeer.dial(node.addr())) {
      p.selectNoise();
      X25519KeyPair s = X25519KeyPair.generate();
      byte[] replayed = RawPeer.handshakePayload(claimed, claimed, X25519KeyPair.generate());
      RawPeer.initiatorWithPayload(p, s, replayed);
      assertEquals(0, p.drainUntilClosed(Await.DEADLINE), "the node sent something after refusing message 3");
    }
    Await.until("both refusals counted", () -> node.metrics.count("failed:noise") == 2);
    assertEquals(0, node.metrics.count("opened"), node.metrics.toString());
    assertFalse(node.connected.contains(claimed.peerId()));
    assertFalse(node.connected.contains(forger.peerId()));
    node.assertStillServing();
  }

  @Test
  void dialingAPeerThatAuthenticatesAsSomeoneElseShouldFail() throws Exception {
    Identity expected = Identity.random();
    Identity impostor = Identity.random();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress at = (InetSocketAddress) server.getLocalSocketAddress();
      Multiaddr addr = Multiaddr.tcp(at, Optional.of(expected.peerId()));
      CompletableFuture<?> dial = node.net.dial(addr);
      try (RawPeer p = RawPeer.accept(server)) {
        p.acceptNoise();
        // An honest handshake, as the wrong peer: the node must stop after our message 2.
        NoiseHandshake hs = NoiseHandshake.responder(impostor);
        hs.readMessage(p.readNoiseFrame());
        p.sendNoiseFrame(hs.writeMessage());
        assertEquals(0, p.drainUntilClosed(Await.DEADLINE), "the node sent message 3 to an impostor");
      }
      Throwable failure = Await.failure(dial);
      assertInstanceOf(NoiseException.class, failure);
      assertTrue(failure.getMessage().contains(impostor.peerId().toString()), failure.getMessage());
    }
    Await.until("the failed dial counted", () -> node.metrics.count("failed:noise") == 1);
    assertEquals(0, node.metrics.count("opened"), node.metrics.toString());
    assertFalse(node.connected.contains(impostor.peerId()));
    node.assertStillServing();
  }
}
