package io.fedchain.p2p.yamux;

/**
 * A yamux session or stream cannot go on: the peer broke the protocol, the session is closed, or a
 * limit was reached. Thrown by the frame codec and by calls that cannot be honoured (opening a
 * stream after GoAway, writing to a reset stream); a session that ends on one reports it to
 * {@link SessionListener#onClosed} instead of throwing it out of {@link YamuxSession#onBytes}.
 */
public final class YamuxException extends RuntimeException {
  public YamuxException(String message) {
    super(message);
  }

  public YamuxException(String message, Throwable cause) {
    super(message, cause);
  }
}
