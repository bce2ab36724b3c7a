package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.Serializer;
import java.util.Objects;

/**
 * Key of the {@code block_deltas} index: the height first, so the deltas of a range of heights
 * are one range scan (what pruning walks).
 */
public record BlockDeltaKey(long height, Hash32 deltaHash) {
  public static final Serializer<BlockDeltaKey> SERIALIZER = Serializer.of("block delta key",
      k -> HeightAndHash.encode(k.height(), k.deltaHash()),
      b -> new BlockDeltaKey(HeightAndHash.height("block delta key", b), HeightAndHash.hash(b)));

  public BlockDeltaKey {
    if (height < 0) {
      throw new IllegalArgumentException("a block height must not be negative, got " + height);
    }
    Objects.requireNonNull(deltaHash, "deltaHash");
  }

  /** The smallest key at {@code height}: the start of that height's range. */
  static BlockDeltaKey first(long height) {
    return new BlockDeltaKey(height, Hash32.ZERO);
  }
}
