package io.fedchain.chain.state;

import io.fedchain.chain.crypto.Hash32;

/**
 * The transition needs a delta or model this node does not hold (a syncing node fetches it and
 * tries again); not a fault of the block.
 */
public final class MissingSidecarException extends Exception {
  private final Hash32 hash;

  public MissingSidecarException(String what, Hash32 hash) {
    super("missing " + what + " " + hash);
    this.hash = hash;
  }

  public Hash32 hash() {
    return hash;
  }
}
