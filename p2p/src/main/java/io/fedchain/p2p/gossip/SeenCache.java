package io.fedchain.p2p.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ids of messages processed in the last {@code seen_ttl}, with what became of each: a duplicate
 * of a rejected message costs its forwarder as much as the original did.
 *
 * <p>Only messages that passed the signature policy enter: a forged message could otherwise claim
 * a genuine message's id ({@code from || seqno}) and have the genuine one dropped as a duplicate.
 */
final class SeenCache {

  enum Outcome { ACCEPTED, IGNORED, REJECTED, OWN }

  record Entry(long firstSeenMillis, Outcome outcome) {}

  private final long ttlMillis;
  /** In insertion order, which is expiry order while the clock does not go back. */
  private final LinkedHashMap<MessageId, Entry> entries = new LinkedHashMap<>();

  SeenCache(long ttlMillis) {
    this.ttlMillis = ttlMillis;
  }

  Optional<Entry> get(MessageId id) {
    return Optional.ofNullable(entries.get(id));
  }

  boolean contains(MessageId id) {
    return entries.containsKey(id);
  }

  void put(MessageId id, Outcome outcome, long nowMillis) {
    entries.putIfAbsent(id, new Entry(nowMillis, outcome));
  }

  void purge(long nowMillis) {
    Iterator<Map.Entry<MessageId, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().firstSeenMillis() + ttlMillis > nowMillis) {
        return;
      }
      it.remove();
    }
  }

  int size() {
    return entries.size();
  }
}
