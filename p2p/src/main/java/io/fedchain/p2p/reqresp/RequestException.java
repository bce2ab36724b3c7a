package io.fedchain.p2p.reqresp;

/** A request that failed: the peer's error status, a timeout, or a broken stream. */
public final class RequestException extends RuntimeException {
  private final Status status;

  public RequestException(Status status, String message) {
    super(message);
    this.status = status;
  }

  public Status status() {
    return status;
  }
}
