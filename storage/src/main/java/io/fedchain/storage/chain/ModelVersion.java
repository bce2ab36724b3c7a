package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.SerializationException;
import io.fedchain.storage.Serializer;
import io.fedchain.storage.Serializers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/** Global model version {@code version}, set by the block at {@code height}, whose parameters hash to {@code modelHash}. */
public record ModelVersion(long version, long height, Hash32 modelHash) {
  private static final int BYTES = 2 * Long.BYTES + Hash32.SIZE;

  /** Version and height as 8-byte big-endian, then the model hash: 48 bytes. */
  public static final Serializer<ModelVersion> SERIALIZER = Serializer.of("model version", ModelVersion::encode,
      ModelVersion::decode);

  public ModelVersion {
    if (version < 0 || height < 0) {
      throw new IllegalArgumentException("model version " + version + " at height " + height + ": neither may be "
          + "negative");
    }
    Objects.requireNonNull(modelHash, "modelHash");
  }

  private static byte[] encode(ModelVersion m) {
    return ByteBuffer.allocate(BYTES).putLong(m.version).putLong(m.height).put(m.modelHash.toArray()).array();
  }

  private static ModelVersion decode(byte[] bytes) {
    Serializers.requireLength("model version", bytes, BYTES);
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long version = buf.getLong();
    long height = buf.getLong();
    if (version < 0 || height < 0) {
      throw new SerializationException("model version: version " + version + " or height " + height
          + " is negative");
    }
    return new ModelVersion(version, height, Hash32.of(Arrays.copyOfRange(bytes, 2 * Long.BYTES, BYTES)));
  }
}
