package io.fedchain.p2p.host;

/**
 * Hooks for the transport's metrics (the node implements them with Micrometer). Called from Netty
 * event loops: implementations must be thread-safe and cheap.
 */
public interface P2PMetrics {
  P2PMetrics NOOP = new P2PMetrics() {};

  default void connectionOpened(boolean outbound) {}

  default void connectionClosed(boolean outbound) {}

  /** A connection closed before it was usable; {@code stage}: security, noise, gater, muxer, limit. */
  default void connectionFailed(String stage) {}

  /**
   * A live connection (after the muxer) ended on an error; {@code layer}: noise (a frame failed
   * authentication), yamux (the peer broke the muxer protocol, or stopped answering pings),
   * transport (the socket failed).
   */
  default void connectionError(String layer) {}

  default void bytesIn(long n) {}

  default void bytesOut(long n) {}

  /** A stream's protocol negotiation failed (unknown protocol, garbage, timeout). */
  default void streamRefused() {}
}
