package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gossipsub {@code mcache}: recent messages in history windows of one heartbeat each. IWANT
 * is served from all {@code length} windows, IHAVE advertises the newest {@code gossip} windows.
 * Also counts how often each peer asked for each message (v1.1 IWANT retransmission limit).
 */
final class MessageCache {

  /** A cached message and the times it was served per peer. */
  private record Entry(PubsubMessage message, String topic, Map<PeerId, Integer> served) {}

  private final int gossipWindows;
  /** Newest window first. */
  private final ArrayDeque<List<MessageId>> windows = new ArrayDeque<>();
  private final Map<MessageId, Entry> entries = new HashMap<>();

  MessageCache(int length, int gossipWindows) {
    this.gossipWindows = gossipWindows;
    for (int i = 0; i < length; i++) {
      windows.add(new ArrayList<>());
    }
  }

  void put(MessageId id, PubsubMessage message, String topic) {
    if (entries.putIfAbsent(id, new Entry(message, topic, new HashMap<>())) == null) {
      windows.getFirst().add(id);
    }
  }

  boolean contains(MessageId id) {
    return entries.containsKey(id);
  }

  Optional<PubsubMessage> get(MessageId id) {
    Entry e = entries.get(id);
    return e == null ? Optional.empty() : Optional.of(e.message());
  }

  /**
   * The message for an IWANT by {@code peer}, unless it is gone or was already served to that
   * peer {@code maxTransmissions} times.
   */
  Optional<PubsubMessage> serve(MessageId id, PeerId peer, int maxTransmissions) {
    Entry e = entries.get(id);
    if (e == null) {
      return Optional.empty();
    }
    int count = e.served().merge(peer, 1, Integer::sum);
    return count > maxTransmissions ? Optional.empty() : Optional.of(e.message());
  }

  /** Ids of the newest gossip windows in {@code topic}, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> out = new ArrayList<>();
    Iterator<List<MessageId>> it = windows.iterator();
    for (int w = 0; w < gossipWindows && it.hasNext(); w++) {
      for (MessageId id : it.next()) {
        if (entries.get(id).topic().equals(topic)) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** Starts a new window and drops the oldest one's messages. */
  void shift() {
    for (MessageId id : windows.removeLast()) {
      entries.remove(id);
    }
    windows.addFirst(new ArrayList<>());
  }

  int size() {
    return entries.size();
  }
}
