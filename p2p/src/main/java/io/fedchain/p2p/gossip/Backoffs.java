package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * PRUNE backoff (gossipsub v1.1): per topic and peer, the time until which neither side may
 * GRAFT the other. Set when we prune, when we are pruned, and when we leave a topic.
 */
final class Backoffs {
  private final Map<String, Map<PeerId, Long>> until = new HashMap<>();

  /** Sets or extends a backoff; never shortens one. */
  void add(String topic, PeerId peer, long untilMillis) {
    until.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, untilMillis, Math::max);
  }

  OptionalLong expiry(String topic, PeerId peer) {
    Map<PeerId, Long> m = until.get(topic);
    Long v = m == null ? null : m.get(peer);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** True while {@code peer} is backed off in {@code topic}, extended by {@code slackMillis}. */
  boolean active(String topic, PeerId peer, long nowMillis, long slackMillis) {
    OptionalLong e = expiry(topic, peer);
    return e.isPresent() && nowMillis < e.getAsLong() + slackMillis;
  }

  void purge(long nowMillis, long slackMillis) {
    until.values().forEach(m -> m.values().removeIf(t -> t + slackMillis <= nowMillis));
    until.values().removeIf(Map::isEmpty);
  }
}
