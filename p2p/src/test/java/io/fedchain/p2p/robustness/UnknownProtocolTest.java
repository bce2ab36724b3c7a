package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.ping.PingService;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** (e) A stream for a protocol the node does not speak is refused; the connection carries on. */
class UnknownProtocolTest {
  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private final NodeUnderTest node = NodeUnderTest.open(Duration.ofMillis(500));
  private final Identity attacker = Identity.random();

  @AfterEach
  void close() {
    node.close();
  }

  private void assertPingWorks(RawYamux mux) {
    int ping = mux.openNegotiated(PingService.PROTOCOL);
    byte[] payload = new byte[32];
    new Random(401).nextBytes(payload);
    mux.data(ping, payload);
    assertArrayEquals(payload, mux.awaitData(ping, 32));
  }

  @Test
  void anUnknownProtocolShouldBeAnsweredNaAndTheStreamResetWhenTheDialerGivesUp() throws Exception {
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      int id = mux.openStream("/fedchain/evil/1.0.0");
      assertEquals(Negotiation.NA, mux.awaitAnswer(id));
      mux.fin(id); // nothing else to propose
      mux.awaitReset(id);
      Await.until("the refused stream counted", () -> node.metrics.count("streamRefused") == 1);
      assertFalse(mux.isClosed());
      assertPingWorks(mux);
      assertTrue(node.net.connectedPeers().contains(attacker.peerId()));
    }
    assertEquals(1, node.metrics.count("streamRefused"), node.metrics.toString());
    node.assertStillServing();
  }

  @Test
  void aDialerThatNeverStopsProposingShouldBeCutOffAtTheAttemptLimit() throws Exception {
    try (RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), attacker), Set.of())) {
      ByteArrayOutputStream proposals = new ByteArrayOutputStream();
      for (int i = 0; i < 4 * Negotiation.MAX_ATTEMPTS; i++) {
        proposals.writeBytes(Negotiation.encode("/fedchain/evil/" + i));
      }
      int id = mux.openStream("/fedchain/evil/first", proposals.toByteArray());
      mux.awaitReset(id);
      Await.until("the refused stream counted", () -> node.metrics.count("streamRefused") == 1);
      assertFalse(mux.isClosed());
      assertPingWorks(mux);
    }
    node.assertStillServing();
  }
}
