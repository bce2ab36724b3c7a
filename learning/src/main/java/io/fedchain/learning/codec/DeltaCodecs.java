package io.fedchain.learning.codec;

import java.nio.ByteBuffer;

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
    byte tag = encoded[0];
    if (tag != Format.TAG_FLOAT32 && tag != Format.TAG_INT8 && tag != Format.TAG_TOPK) {
      throw new CodecException("unknown codec tag " + tag + " at byte 0; expected " + Format.TAG_FLOAT32
          + " (float32), " + Format.TAG_INT8 + " (int8) or " + Format.TAG_TOPK + " (topk)");
    }
    String name = Format.tagName(tag);
    ByteBuffer buf = Format.openHeader(encoded, expectedLength, tag, name);
    if (tag == Format.TAG_FLOAT32) {
      return Float32Codec.INSTANCE;
    }
    if (tag == Format.TAG_INT8) {
      long chunk = Format.readParam(encoded, buf, name, "int8 chunk size");
      if (!Int8Codec.isValidChunk(chunk)) {
        throw new CodecException(name + " delta: chunk size " + chunk + " at byte 5 is outside [1, "
            + Int8Codec.MAX_CHUNK + "]");
      }
      return new Int8Codec((int) chunk);
    }
    long k = Format.readParam(encoded, buf, name, "top-k count k");
    TopKCodec.checkK(k, expectedLength, name);
    // n = 0 has k = 0, which every count budget gives.
    return TopKCodec.ofCount((int) Math.max(1, k));
  }
}
