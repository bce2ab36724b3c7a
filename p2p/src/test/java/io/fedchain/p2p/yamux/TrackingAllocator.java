package io.fedchain.p2p.yamux;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it made, so a test can assert that all of them were
 * released: leak detection that fails the test rather than logging at some later GC. The buffers
 * are also wrapped by Netty's PARANOID leak detector, which records every access.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  private final List<ByteBuf> made = new ArrayList<>();

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    made.add(b);
    return toLeakAwareBuffer(b);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    made.add(b);
    return toLeakAwareBuffer(b);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  ByteBuf bytes(byte[] data) {
    return heapBuffer(data.length).writeBytes(data);
  }

  int allocations() {
    return made.size();
  }

  void assertAllReleased() {
    int live = 0;
    for (ByteBuf b : made) {
      if (b.refCnt() != 0) {
        live++;
      }
    }
    if (live != 0) {
      fail(live + " of " + made.size() + " buffers were never released");
    }
  }
}
