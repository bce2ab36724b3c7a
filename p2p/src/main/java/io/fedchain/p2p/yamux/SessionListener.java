package io.fedchain.p2p.yamux;

import java.util.Optional;

/** Session events, called on the thread that drives the session. */
public interface SessionListener {
  /**
   * The peer opened a stream. Set its handler here (or later: data waits, bounded by the receive
   * window). The stream is acknowledged when this returns, unless it was reset meanwhile; an
   * exception thrown here resets it.
   */
  void onInboundStream(YamuxStream stream);

  /** The peer sent GoAway: no new streams either way; with a code other than NORMAL the session ends. */
  default void onRemoteGoAway(GoAwayCode code) {}

  /**
   * The session ended; every stream still open got {@link YamuxStream.Handler#onReset} first. The
   * error is empty for a local {@link YamuxSession#close()} or a transport closed between frames.
   */
  default void onClosed(Optional<YamuxException> error) {}
}
