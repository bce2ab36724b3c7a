package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gossipsub v1.1 score function over counters kept per peer and topic:
 * {@code TopicCap(Σ t·(w1·P1 + w2·P2 + w3·P3 + w3b·P3b + w4·P4)) + w5·P5 + w6·P6 + w7·P7}.
 * Counters decay once per decay interval; a disconnected peer's non-positive score is retained for
 * {@code retainScore} so that reconnecting does not wash it.
 */
final class PeerScore {

  private static final class TopicStats {
    boolean inMesh;
    long graftMillis;
    double firstDeliveries;
    double meshDeliveries;
    double meshFailurePenalty;
    double invalidDeliveries;
  }

  private static final class PeerStats {
    boolean connected = true;
    long expireMillis;
    Optional<String> ip = Optional.empty();
    final Map<String, TopicStats> topics = new LinkedHashMap<>();
    double behaviourPenalty;
    double applicationScore;
  }

  private final ScoreParams params;
  private final Map<PeerId, PeerStats> peers = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> peersByIp = new HashMap<>();
  private long lastDecayMillis = Long.MIN_VALUE;

  PeerScore(ScoreParams params) {
    this.params = params;
  }

  void addPeer(PeerId peer, Optional<String> ip) {
    PeerStats s = peers.computeIfAbsent(peer, p -> new PeerStats());
    s.connected = true;
    s.ip = ip;
    ip.ifPresent(a -> peersByIp.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(peer));
  }

  void removePeer(PeerId peer, long nowMillis) {
    PeerStats s = peers.get(peer);
    if (s == null) {
      return;
    }
    s.ip.ifPresent(a -> {
      Set<PeerId> set = peersByIp.get(a);
      if (set != null) {
        set.remove(peer);
        if (set.isEmpty()) {
          peersByIp.remove(a);
        }
      }
    });
    // Positive scores are not kept: only a bad reputation must survive a reconnect.
    if (score(peer, nowMillis) > 0) {
      peers.remove(peer);
      return;
    }
    s.topics.forEach((topic, ts) -> {
      if (ts.inMesh) {
        leaveMesh(topic, ts, nowMillis);
      }
    });
    s.connected = false;
    s.expireMillis = nowMillis + params.retainScore().toMillis();
  }

  void graft(PeerId peer, String topic, long nowMillis) {
    TopicStats ts = topic(peer, topic);
    if (ts != null) {
      ts.inMesh = true;
      ts.graftMillis = nowMillis;
    }
  }

  void prune(PeerId peer, String topic, long nowMillis) {
    TopicStats ts = topic(peer, topic);
    if (ts != null && ts.inMesh) {
      leaveMesh(topic, ts, nowMillis);
    }
  }

  /** P3b: leaving the mesh with an active delivery deficit is remembered. */
  private void leaveMesh(String topic, TopicStats ts, long nowMillis) {
    TopicScoreParams tp = params.paramsFor(topic);
    double deficit = meshDeficit(tp, ts, nowMillis);
    ts.meshFailurePenalty += deficit * deficit;
    ts.inMesh = false;
  }

  /** The first valid delivery of a message: P2, and P3 if the peer is in our mesh. */
  void firstDelivery(PeerId peer, String topic) {
    TopicStats ts = topic(peer, topic);
    if (ts == null) {
      return;
    }
    TopicScoreParams tp = params.paramsFor(topic);
    ts.firstDeliveries = Math.min(ts.firstDeliveries + 1, tp.firstMessageDeliveriesCap());
    if (ts.inMesh) {
      ts.meshDeliveries = Math.min(ts.meshDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  /** A duplicate of an accepted message: counts for P3 if near-first and from a mesh peer. */
  void duplicateDelivery(PeerId peer, String topic, long firstSeenMillis, long nowMillis) {
    TopicStats ts = topic(peer, topic);
    if (ts == null || !ts.inMesh) {
      return;
    }
    TopicScoreParams tp = params.paramsFor(topic);
    if (nowMillis - firstSeenMillis <= tp.meshMessageDeliveryWindow().toMillis()) {
      ts.meshDeliveries = Math.min(ts.meshDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  /** P4. */
  void invalidMessage(PeerId peer, String topic) {
    TopicStats ts = topic(peer, topic);
    if (ts != null) {
      ts.invalidDeliveries += 1;
    }
  }

  /** P7. */
  void addPenalty(PeerId peer, double count) {
    PeerStats s = peers.get(peer);
    if (s != null) {
      s.behaviourPenalty += count;
    }
  }

  /** P5. */
  void setApplicationScore(PeerId peer, double value) {
    PeerStats s = peers.get(peer);
    if (s != null) {
      s.applicationScore = value;
    }
  }

  double score(PeerId peer, long nowMillis) {
    PeerStats s = peers.get(peer);
    if (s == null) {
      return 0;
    }
    double topicsScore = 0;
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicScoreParams tp = params.paramsFor(e.getKey());
      TopicStats ts = e.getValue();
      double t = 0;
      if (ts.inMesh) {
        double quanta = (double) (nowMillis - ts.graftMillis) / tp.timeInMeshQuantum().toMillis();
        t += Math.min(Math.max(quanta, 0), tp.timeInMeshCap()) * tp.timeInMeshWeight();
      }
      t += ts.firstDeliveries * tp.firstMessageDeliveriesWeight();
      double deficit = meshDeficit(tp, ts, nowMillis);
      t += deficit * deficit * tp.meshMessageDeliveriesWeight();
      t += ts.meshFailurePenalty * tp.meshFailurePenaltyWeight();
      t += ts.invalidDeliveries * ts.invalidDeliveries * tp.invalidMessageDeliveriesWeight();
      topicsScore += t * tp.topicWeight();
    }
    if (params.topicScoreCap() > 0 && topicsScore > params.topicScoreCap()) {
      topicsScore = params.topicScoreCap();
    }
    double score = topicsScore + s.applicationScore * params.appSpecificWeight();
    if (params.ipColocationFactorWeight() != 0 && s.ip.isPresent()) {
      Set<PeerId> colocated = peersByIp.get(s.ip.get());
      double surplus = (colocated == null ? 0 : colocated.size()) - params.ipColocationFactorThreshold();
      if (surplus > 0) {
        score += surplus * surplus * params.ipColocationFactorWeight();
      }
    }
    double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
    if (excess > 0) {
      score += excess * excess * params.behaviourPenaltyWeight();
    }
    return score;
  }

  private static double meshDeficit(TopicScoreParams tp, TopicStats ts, long nowMillis) {
    boolean active = ts.inMesh && nowMillis - ts.graftMillis > tp.meshMessageDeliveriesActivation().toMillis();
    return active && ts.meshDeliveries < tp.meshMessageDeliveriesThreshold()
        ? tp.meshMessageDeliveriesThreshold() - ts.meshDeliveries : 0;
  }

  /** Applies every decay interval that has passed since the last call, and forgets expired peers. */
  void decayIfDue(long nowMillis) {
    long interval = params.decayInterval().toMillis();
    if (lastDecayMillis == Long.MIN_VALUE || nowMillis - lastDecayMillis > 10_000 * interval) {
      lastDecayMillis = nowMillis;
      return;
    }
    while (nowMillis - lastDecayMillis >= interval) {
      decay();
      lastDecayMillis += interval;
    }
    peers.values().removeIf(s -> !s.connected && s.expireMillis <= nowMillis);
  }

  private void decay() {
    double zero = params.decayToZero();
    for (PeerStats s : peers.values()) {
      for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
        TopicScoreParams tp = params.paramsFor(e.getKey());
        TopicStats ts = e.getValue();
        ts.firstDeliveries = decayed(ts.firstDeliveries, tp.firstMessageDeliveriesDecay(), zero);
        ts.meshDeliveries = decayed(ts.meshDeliveries, tp.meshMessageDeliveriesDecay(), zero);
        ts.meshFailurePenalty = decayed(ts.meshFailurePenalty, tp.meshFailurePenaltyDecay(), zero);
        ts.invalidDeliveries = decayed(ts.invalidDeliveries, tp.invalidMessageDeliveriesDecay(), zero);
      }
      s.behaviourPenalty = decayed(s.behaviourPenalty, params.behaviourPenaltyDecay(), zero);
    }
  }

  private static double decayed(double v, double factor, double zero) {
    double d = v * factor;
    return d < zero ? 0 : d;
  }

  private TopicStats topic(PeerId peer, String topic) {
    PeerStats s = peers.get(peer);
    return s == null ? null : s.topics.computeIfAbsent(topic, t -> new TopicStats());
  }

  boolean isTracked(PeerId peer) {
    return peers.containsKey(peer);
  }
}
