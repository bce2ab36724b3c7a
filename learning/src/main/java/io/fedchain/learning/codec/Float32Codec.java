package io.fedchain.learning.codec;

import java.nio.ByteBuffer;

/** Lossless: tag 1, u32 n, then n IEEE 754 binary32 values, little-endian. */
public record Float32Codec() implements DeltaCodec {
  public static final Float32Codec INSTANCE = new Float32Codec();

  private static final String NAME = "float32";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] encode(float[] delta) {
    Format.requireFinite(delta, NAME);
    ByteBuffer buf = Format.startEncoding(NAME, Format.TAG_FLOAT32, delta.length, encodedLength(delta.length));
    buf.asFloatBuffer().put(delta);
    return buf.array();
  }

  @Override
  public float[] decode(byte[] encoded, int expectedLength) {
    ByteBuffer buf = Format.openHeader(encoded, expectedLength, Format.TAG_FLOAT32, NAME);
    Format.requireExactLength(encoded, encodedLength(expectedLength), NAME, expectedLength);
    float[] delta = new float[expectedLength];
    for (int i = 0; i < delta.length; i++) {
      int offset = Format.HEADER_BYTES + 4 * i;
      float x = buf.getFloat(offset);
      if (!Float.isFinite(x)) {
        throw new CodecException(NAME + " delta: element " + i + " (byte " + offset + ") is " + Format.describe(x));
      }
      delta[i] = x;
    }
    return delta;
  }

  private static long encodedLength(int n) {
    return Format.HEADER_BYTES + 4L * n;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
