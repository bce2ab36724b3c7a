package io.fedchain.p2p.gossip;

import java.util.Objects;

/** What {@link GossipRouter#publish} did with a message. */
public sealed interface PublishResult {

  /** Sent to {@code recipients} peers. */
  record Published(MessageId id, int recipients) implements PublishResult {
    public Published {
      Objects.requireNonNull(id);
    }
  }

  /**
   * Signed and stored, but no peer was subscribed to the topic (js raises
   * {@code NoPeersSubscribedToTopic} here). The message stays in the message cache for
   * {@code mcacheGossip} heartbeats, so a peer that joins the topic in that window learns of it by
   * IHAVE; after that it is gone, and publishing again makes a new message with a new id.
   */
  record NoPeers(MessageId id) implements PublishResult {
    public NoPeers {
      Objects.requireNonNull(id);
    }
  }

  /** Refused before signing (too large, bad topic, duplicate data under StrictNoSign). */
  record Failed(String reason) implements PublishResult {
    public Failed {
      Objects.requireNonNull(reason);
    }
  }
}
