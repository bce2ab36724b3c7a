package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;

/** Events the router counts; every method defaults to nothing. Called on the router's thread. */
public interface GossipMetrics {

  GossipMetrics NOOP = new GossipMetrics() {};

  /** A message on a subscribed topic arrived (before dedup and validation). */
  default void messageReceived(String topic) {}

  /** A message was accepted and handed to the application. */
  default void messageDelivered(String topic) {}

  default void duplicateMessage(String topic) {}

  /** Rejected: bad signature policy, too large, or REJECT by the application. */
  default void invalidMessage(String topic, String reason) {}

  /** IGNORE by the application. */
  default void ignoredMessage(String topic) {}

  /** An RPC that could not be decoded or broke a limit. */
  default void malformedRpc(PeerId peer, String reason) {}

  /** An RPC dropped unread because its sender scores below the graylist threshold. */
  default void graylistedRpc(PeerId peer) {}

  /** Per topic after each heartbeat. */
  default void meshSize(String topic, int size) {}

  default void bytesIn(int bytes) {}

  default void bytesOut(int bytes) {}
}
