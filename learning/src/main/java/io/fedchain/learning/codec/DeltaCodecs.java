package io.fedchain.learning.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decoding by the tag in the bytes, for a reader that does not know the codec in advance. */
public final class DeltaCodecs {
  private static final String ANY = "encoded";

  private DeltaCodecs() {}

  /**
   * Decodes with whichever codec the header names, under that codec's rules; a top-k delta is read
   * as {@code topk:<k>} with the k it carries.
   */
  public static float[] decodeAny(byte[] encoded, int expectedLength) {
    return codecOf(encoded, expectedLength).decode(encoded, expectedLength);
  }

  private static DeltaCodec codecOf(byte[] encoded, int expectedLength) {
    Format.checkPlausibleSize(encoded, expectedLength, ANY);
    Format.requireAtLeast(encoded, 1, ANY, "codec tag");
    ByteBuffer buf = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
    return switch (encoded[0]) {
      case Format.TAG_FLOAT32 -> Float32Codec.INSTANCE;
      case Format.TAG_INT8 -> {
        long chunk = Format.readParam(encoded, buf, "int8", "int8 chunk size");
        if (!Int8Codec.isValidChunk(chunk)) {
          throw new CodecException("int8 delta: chunk size " + chunk + " at byte 5 is outside [1, "
              + Int8Codec.MAX_CHUNK + "]");
        }
        yield new Int8Codec((int) chunk);
      }
      case Format.TAG_TOPK -> {
        long k = Format.readParam(encoded, buf, "topk", "top-k count k");
        TopKCodec.checkK(k, expectedLength, "topk");
        // n = 0 has k = 0, which every count budget gives.
        yield TopKCodec.ofCount((int) Math.max(1, k));
      }
      default -> throw new CodecException("unknown codec tag " + encoded[0] + " at byte 0; expected "
          + Format.TAG_FLOAT32 + " (float32), " + Format.TAG_INT8 + " (int8) or " + Format.TAG_TOPK + " (topk)");
    };
  }
}
