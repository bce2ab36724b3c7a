package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/** A sink that keeps what a session wrote, for a test to inspect or hand to the other session. */
final class Wire implements FrameSink {
  private final TrackingAllocator alloc;
  final ArrayDeque<ByteBuf> written = new ArrayDeque<>();
  int flushes;

  Wire(TrackingAllocator alloc) {
    this.alloc = alloc;
  }

  @Override
  public void write(ByteBuf bytes) {
    written.add(bytes);
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public ByteBufAllocator alloc() {
    return alloc;
  }

  boolean isEmpty() {
    return written.isEmpty();
  }

  /** Everything written so far, as one byte array; the buffers are released. */
  byte[] take() {
    int total = 0;
    for (ByteBuf b : written) {
      total += b.readableBytes();
    }
    byte[] out = new byte[total];
    int pos = 0;
    while (!written.isEmpty()) {
      ByteBuf b = written.poll();
      int n = b.readableBytes();
      b.readBytes(out, pos, n);
      pos += n;
      b.release();
    }
    return out;
  }

  /** Everything written so far, merged into one buffer (owned by the caller). */
  ByteBuf takeBuffer() {
    byte[] bytes = take();
    return alloc.bytes(bytes);
  }
}
