package io.fedchain.p2p.robustness;

import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.identity.PeerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the router's verdicts on each peer's RPCs; thread-safe (the gossip thread writes, the test reads). */
final class CountingGossipMetrics implements GossipMetrics {
  private final Map<PeerId, AtomicLong> malformed = new ConcurrentHashMap<>();
  private final Map<PeerId, AtomicLong> graylisted = new ConcurrentHashMap<>();
  private final AtomicLong invalid = new AtomicLong();

  long malformed(PeerId peer) {
    return get(malformed, peer);
  }

  long graylisted(PeerId peer) {
    return get(graylisted, peer);
  }

  long invalid() {
    return invalid.get();
  }

  private static long get(Map<PeerId, AtomicLong> m, PeerId peer) {
    AtomicLong c = m.get(peer);
    return c == null ? 0 : c.get();
  }

  @Override
  public void malformedRpc(PeerId peer, String reason) {
    malformed.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void graylistedRpc(PeerId peer) {
    graylisted.computeIfAbsent(peer, p -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void invalidMessage(String topic, String reason) {
    invalid.incrementAndGet();
  }
}
