package io.fedchain.p2p.multistream;

/** A multistream-select negotiation that failed: bad framing, nothing in common, or too many tries. */
public final class MultistreamException extends RuntimeException {
  public MultistreamException(String message) {
    super(message);
  }
}
