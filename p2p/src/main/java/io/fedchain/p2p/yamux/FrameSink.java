package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Where a session's outgoing bytes go: the connection, or another session in a test. */
public interface FrameSink {
  /** Queues bytes for the connection; ownership of {@code bytes} passes to the sink. */
  void write(ByteBuf bytes);

  /** Pushes what was written; the session calls it once per call that wrote something. */
  void flush();

  /** The allocator for frame headers and reassembly buffers. */
  default ByteBufAllocator alloc() {
    return ByteBufAllocator.DEFAULT;
  }
}
