package io.fedchain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerScoreTest {
  private static final double EPS = 1e-9;
  private static final String T = "t";

  private static PeerId peer(int i) {
    byte[] raw = new byte[32];
    raw[0] = (byte) i;
    return PublicKey.ofRaw(raw).peerId();
  }

  private static ScoreParams.Builder params() {
    return ScoreParams.defaults().toBuilder();
  }

  @Test
  void behaviourPenaltyShouldBeSquaredAboveItsThresholdAndDecayAway() {
    PeerScore s = new PeerScore(ScoreParams.defaults());
    PeerId p = peer(1);
    s.addPeer(p, Optional.empty());
    s.decayIfDue(0);
    s.addPenalty(p, 1);
    assertEquals(0, s.score(p, 0), EPS);
    s.addPenalty(p, 3);
    assertEquals(-90, s.score(p, 0), EPS, "(4 - 1)^2 x -10");
    s.decayIfDue(1000);
    assertEquals(-10 * Math.pow(4 * 0.99 - 1, 2), s.score(p, 1000), EPS);
    s.decayIfDue(1000 + 1000L * 1000);
    assertEquals(0, s.score(p, 1000 + 1000L * 1000), EPS);
  }

  @Test
  void invalidMessagesShouldCountSquaredTimesTopicWeight() {
    TopicScoreParams heavy = TopicScoreParams.defaults().toBuilder().topicWeight(2).build();
    PeerScore s = new PeerScore(params().topicParams(java.util.Map.of("heavy", heavy)).build());
    PeerId p = peer(1);
    s.addPeer(p, Optional.empty());
    s.invalidMessage(p, T);
    s.invalidMessage(p, T);
    assertEquals(-40, s.score(p, 0), EPS);
    s.invalidMessage(p, "heavy");
    assertEquals(-40 - 20, s.score(p, 0), EPS);
  }

  @Test
  void positiveTopicScoresShouldBeCappedAndTimeInMeshBounded() {
    PeerScore s = new PeerScore(params().topicScoreCap(3).build());
    PeerId p = peer(1);
    s.addPeer(p, Optional.empty());
    s.graft(p, T, 0);
    assertEquals(0.5, s.score(p, 50_000), EPS, "50 s x 0.01");
    assertEquals(1.0, s.score(p, 10_000_000), EPS, "capped at 100 quanta");
    for (int i = 0; i < 20; i++) {
      s.firstDelivery(p, T);
    }
    assertEquals(3, s.score(p, 10_000_000), EPS, "1 + min(20, 10) x 0.5, capped at 3");
  }

  @Test
  void meshDeliveryDeficitShouldCountOnlyAfterActivationAndStickOnPrune() {
    TopicScoreParams p3 = TopicScoreParams.defaults().toBuilder().timeInMeshWeight(0).firstMessageDeliveriesWeight(0)
        .meshMessageDeliveriesWeight(-1).meshMessageDeliveriesThreshold(4).meshFailurePenaltyWeight(-1).build();
    PeerScore s = new PeerScore(params().defaultTopicParams(p3).build());
    PeerId p = peer(1);
    s.addPeer(p, Optional.empty());
    s.graft(p, T, 0);
    assertEquals(0, s.score(p, 30_000), EPS, "not active before 30 s");
    s.firstDelivery(p, T);
    assertEquals(-9, s.score(p, 30_001), EPS, "(4 - 1)^2");
    s.duplicateDelivery(p, T, 30_001, 30_005);
    assertEquals(-4, s.score(p, 30_005), EPS, "a near-first duplicate counts");
    s.duplicateDelivery(p, T, 30_001, 31_000);
    assertEquals(-4, s.score(p, 31_000), EPS, "a late duplicate does not");
    s.prune(p, T, 31_000);
    assertEquals(-4, s.score(p, 31_000), EPS, "P3b keeps the deficit after the prune");
  }

  @Test
  void aNonPositiveScoreShouldSurviveAReconnectAndAPositiveOneNot() {
    PeerScore s = new PeerScore(ScoreParams.defaults());
    PeerId bad = peer(1);
    PeerId good = peer(2);
    s.addPeer(bad, Optional.empty());
    s.addPeer(good, Optional.empty());
    s.decayIfDue(0);
    s.invalidMessage(bad, T);
    s.firstDelivery(good, T);
    s.removePeer(bad, 0);
    s.removePeer(good, 0);
    assertFalse(s.isTracked(good));
    s.addPeer(bad, Optional.empty());
    assertTrue(s.score(bad, 0) < 0, "reconnecting does not wash a bad score");
    s.removePeer(bad, 0);
    s.decayIfDue(Duration.ofMinutes(11).toMillis());
    assertFalse(s.isTracked(bad), "forgotten after retainScore");
  }

  @Test
  void ipColocationShouldPenaliseSharedAddressesOnlyWhenWeighted() {
    PeerScore off = new PeerScore(ScoreParams.defaults());
    PeerScore on = new PeerScore(params().ipColocationFactorWeight(-5).ipColocationFactorThreshold(1).build());
    for (PeerScore s : new PeerScore[] {off, on}) {
      for (int i = 0; i < 3; i++) {
        s.addPeer(peer(i), Optional.of("127.0.0.1"));
      }
      s.addPeer(peer(9), Optional.of("10.0.0.9"));
    }
    assertEquals(0, off.score(peer(0), 0), EPS);
    assertEquals(-5 * 4, on.score(peer(0), 0), EPS, "(3 - 1)^2 x -5");
    assertEquals(0, on.score(peer(9), 0), EPS);
    on.removePeer(peer(2), 0);
    assertEquals(-5, on.score(peer(0), 0), EPS);
  }

  @Test
  void badParametersShouldBeRefusedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> params().graylistThreshold(-5).build());
    assertTrue(e.getMessage().contains("graylist"));
    e = assertThrows(IllegalArgumentException.class,
        () -> TopicScoreParams.defaults().toBuilder().invalidMessageDeliveriesWeight(1).build());
    assertTrue(e.getMessage().contains("invalidMessageDeliveriesWeight"));
    e = assertThrows(IllegalArgumentException.class, () -> GossipConfig.defaults().toBuilder().dOut(4).build());
    assertTrue(e.getMessage().contains("D_out"));
    e = assertThrows(IllegalArgumentException.class, () -> GossipConfig.defaults().toBuilder().dLo(7).build());
    assertTrue(e.getMessage().contains("D_lo"));
  }
}
