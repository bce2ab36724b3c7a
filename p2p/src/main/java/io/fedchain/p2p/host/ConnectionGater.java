package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.PeerId;
import java.util.Collection;
import java.util.Set;

/**
 * Decides, right after the Noise handshake has authenticated a peer and before any protocol runs
 * on the connection, whether the connection may stay open. fedchain is permissioned: the node's
 * gater follows the current membership.
 */
@FunctionalInterface
public interface ConnectionGater {
  boolean allow(PeerId peer);

  ConnectionGater ALLOW_ALL = peer -> true;

  /** A gater over a set of members that can be replaced at any time (thread-safe). */
  final class AllowList implements ConnectionGater {
    private volatile Set<PeerId> allowed;

    public AllowList(Collection<PeerId> peers) {
      this.allowed = Set.copyOf(peers);
    }

    public void replace(Collection<PeerId> peers) {
      this.allowed = Set.copyOf(peers);
    }

    public Set<PeerId> allowed() {
      return allowed;
    }

    @Override
    public boolean allow(PeerId peer) {
      return allowed.contains(peer);
    }
  }
}
