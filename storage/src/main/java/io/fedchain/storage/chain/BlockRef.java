package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.Serializer;
import java.util.Objects;

/** A block by height and hash: what the head is. */
public record BlockRef(long height, Hash32 hash) {
  /** 8-byte big-endian height, then the 32-byte hash. */
  public static final Serializer<BlockRef> SERIALIZER = Serializer.of("block ref",
      r -> HeightAndHash.encode(r.height(), r.hash()),
      b -> new BlockRef(HeightAndHash.height("block ref", b), HeightAndHash.hash(b)));

  public BlockRef {
    if (height < 0) {
      throw new IllegalArgumentException("a block height must not be negative, got " + height);
    }
    Objects.requireNonNull(hash, "hash");
  }

  @Override
  public String toString() {
    return height + " (" + hash + ")";
  }
}
