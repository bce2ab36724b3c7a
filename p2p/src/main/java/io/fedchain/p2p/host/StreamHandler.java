package io.fedchain.p2p.host;

import io.netty.buffer.ByteBuf;

/**
 * A protocol's side of one stream, after multistream-select agreed on the protocol. All calls come
 * on the connection's event loop; do not block in them.
 */
public interface StreamHandler {
  /** The protocol is agreed; the stream is ready for writing. */
  default void onOpen(P2PStream stream) {}

  /** Bytes in order; the handler owns {@code data} and must release it. */
  void onData(P2PStream stream, ByteBuf data);

  /** The remote side closed its half: no more data will arrive. */
  default void onRemoteClose(P2PStream stream) {}

  /** The stream was reset by the peer or lost with its connection. */
  default void onReset(P2PStream stream) {}
}
