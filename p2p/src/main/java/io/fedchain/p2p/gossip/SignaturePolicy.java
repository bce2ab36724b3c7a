package io.fedchain.p2p.gossip;

/** How messages are authored and what the router accepts (the pubsub spec's signature policies). */
public enum SignaturePolicy {
  /**
   * Publish with {@code from}, an 8-byte big-endian {@code seqno}, {@code signature} and (unless
   * configured off) {@code key}; accept only messages with a valid signature by the key of
   * {@code from}.
   */
  STRICT_SIGN,
  /**
   * Publish without {@code from}, {@code seqno}, {@code signature} and {@code key}; reject any
   * message that carries one of them. Message ids must then come from the data.
   */
  STRICT_NO_SIGN
}
