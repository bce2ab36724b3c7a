package io.fedchain.p2p.gossip;

import java.util.Objects;

/**
 * The application's verdict on a message (gossipsub v1.1 "extended validators"), mapped once onto
 * the router: ACCEPT delivers and forwards; IGNORE drops without penalty (e.g. the node is
 * syncing and cannot judge); REJECT drops and charges the forwarding peer an invalid message
 * delivery (P4).
 */
public sealed interface ValidationResult {

  Accept ACCEPT = new Accept();

  static ValidationResult accept() {
    return ACCEPT;
  }

  static ValidationResult ignore(String reason) {
    return new Ignore(reason);
  }

  static ValidationResult reject(String reason) {
    return new Reject(reason);
  }

  record Accept() implements ValidationResult {}

  record Ignore(String reason) implements ValidationResult {
    public Ignore {
      Objects.requireNonNull(reason);
    }
  }

  record Reject(String reason) implements ValidationResult {
    public Reject {
      Objects.requireNonNull(reason);
    }
  }
}
