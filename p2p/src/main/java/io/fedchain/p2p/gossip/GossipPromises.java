package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IWANT promises (gossipsub v1.1 spam protection): for each IWANT we send, one of the asked ids
 * is tracked; if that message has not arrived from anyone by the deadline, the peer that
 * advertised it broke its promise and pays a behaviour penalty.
 */
final class GossipPromises {
  private final Map<MessageId, Map<PeerId, Long>> deadlines = new LinkedHashMap<>();

  void add(PeerId peer, MessageId id, long deadlineMillis) {
    deadlines.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(peer, deadlineMillis);
  }

  /** The message arrived (with a valid signature): every promise of it is kept. */
  void fulfilled(MessageId id) {
    deadlines.remove(id);
  }

  /** Removes the promises past their deadline and counts them per peer. */
  Map<PeerId, Integer> collectBroken(long nowMillis) {
    Map<PeerId, Integer> broken = new LinkedHashMap<>();
    deadlines.values().removeIf(byPeer -> {
      byPeer.entrySet().removeIf(e -> {
        if (e.getValue() <= nowMillis) {
          broken.merge(e.getKey(), 1, Integer::sum);
          return true;
        }
        return false;
      });
      return byPeer.isEmpty();
    });
    return broken;
  }

  int size() {
    return deadlines.size();
  }
}
