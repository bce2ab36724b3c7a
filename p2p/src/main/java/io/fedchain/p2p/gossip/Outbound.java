package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.List;

/** Where a router's output goes; the integrator implements it over the peers' streams. */
public interface Outbound {

  /**
   * Writes one encoded RPC to the peer's outbound gossipsub stream; the integrator adds the
   * varint length prefix. The array may be shared between several peers: never modify it.
   * Queue the write; do not call back into the router from here (it may be mid-iteration).
   */
  void send(PeerId peer, byte[] rpc);

  /** Asks the integrator to close the connection (only with {@code GossipConfig.disconnectGraylisted}). */
  default void disconnect(PeerId peer, String reason) {}

  /**
   * Peer exchange from a PRUNE by a peer scoring at least {@code acceptPXThreshold}: candidates
   * the integrator may dial to rebuild the topic mesh. Ignoring it is allowed.
   */
  default void peerExchange(PeerId from, String topic, List<PeerId> candidates) {}
}
