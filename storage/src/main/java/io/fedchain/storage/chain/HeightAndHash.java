package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.SerializationException;
import io.fedchain.storage.Serializers;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** The 40-byte encoding of a height (big-endian, so keys sort by height) followed by a hash. */
final class HeightAndHash {
  static final int BYTES = Long.BYTES + Hash32.SIZE;

  private HeightAndHash() {}

  static byte[] encode(long height, Hash32 hash) {
    return ByteBuffer.allocate(BYTES).putLong(height).put(hash.toArray()).array();
  }

  static long height(String what, byte[] bytes) {
    Serializers.requireLength(what, bytes, BYTES);
    long height = ByteBuffer.wrap(bytes).getLong();
    if (height < 0) {
      throw new SerializationException(what + ": height " + height + " is negative");
    }
    return height;
  }

  static Hash32 hash(byte[] bytes) {
    return Hash32.of(Arrays.copyOfRange(bytes, Long.BYTES, BYTES));
  }
}
