package io.fedchain.learning.codec;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Symmetric 8-bit quantisation per chunk of {@code chunkSize} elements. Layout: tag 2, u32 n,
 * u32 chunk size, then per chunk a float32 scale followed by the chunk's signed bytes (the last
 * chunk may be shorter). {@code scale = maxabs / 127}, {@code q = rint(x / scale)} (ties to even,
 * as numpy and PyTorch round), decoded value {@code q * scale}, all in float; so the error is at
 * most scale / 2 per element plus float rounding.
 *
 * <p>Canonical form. A chunk whose scale would be zero or subnormal (maxabs below about 1.5e-36)
 * is sent as scale 0 and all-zero bytes: subnormal products {@code q * scale} round coarsely
 * enough to break the round trip, and such a chunk moves no model. The decoder accepts a chunk
 * only if re-encoding its output gives the same bytes: scale 0 with all q = 0, or a normal scale
 * with {@code 127 * scale / 127 == scale} in float (true of every maxabs / 127 but not of every
 * float; maxabs = Float.MAX_VALUE, whose 127 * scale overflows, is refused by the encoder) and
 * some |q| = 127; q = -128 never occurs. Given that, {@code q * scale / scale} in
 * float is within 127 * 2^-23 of q for every |q| <= 127, so it rounds back to q and no
 * per-element check is needed.
 */
public record Int8Codec(int chunkSize) implements DeltaCodec {
  public static final int DEFAULT_CHUNK = 256;
  /** Caps the chunk so that a scale covers a bounded stretch of the model. */
  public static final int MAX_CHUNK = 1 << 20;

  public Int8Codec {
    if (!isValidChunk(chunkSize)) {
      throw new IllegalArgumentException("int8 chunk size must be in [1, " + MAX_CHUNK + "], got " + chunkSize);
    }
  }

  @Override
  public String name() {
    return "int8:" + chunkSize;
  }

  @Override
  public byte[] encode(float[] delta) {
    Format.requireFinite(delta, name());
    int n = delta.length;
    ByteBuffer buf = Format.startEncoding(name(), Format.TAG_INT8, n, encodedLength(n, chunkSize));
    buf.putInt(chunkSize);
    for (int start = 0; start < n; start += chunkSize) {
      int end = Math.min(n, start + chunkSize);
      float maxAbs = 0;
      for (int i = start; i < end; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(delta[i]));
      }
      float scale = maxAbs / 127f;
      if (scale < Float.MIN_NORMAL) {
        buf.putFloat(0f);
        buf.position(buf.position() + (end - start));
        continue;
      }
      if (!Float.isFinite(127f * scale)) {
        // Only maxabs = Float.MAX_VALUE gets here: its dequantised value would round to infinity.
        throw new IllegalArgumentException("cannot encode with " + name() + ": chunk " + start / chunkSize
            + " (elements " + start + ".." + (end - 1) + ") has magnitude " + maxAbs + ", too large to quantise");
      }
      buf.putFloat(scale);
      for (int i = start; i < end; i++) {
        // The clamp only guards the spec: x / scale stays within a few ulps of [-127, 127].
        int q = (int) Math.rint(delta[i] / scale);
        buf.put((byte) Math.max(-127, Math.min(127, q)));
      }
    }
    return buf.array();
  }

  @Override
  public float[] decode(byte[] encoded, int expectedLength) {
    String name = name();
    ByteBuffer buf = Format.openHeader(encoded, expectedLength, Format.TAG_INT8, name);
    long chunk = Format.readParam(encoded, buf, name, "int8 chunk size");
    if (!isValidChunk(chunk)) {
      throw new CodecException(name + " delta: chunk size " + chunk + " at byte 5 is outside [1, " + MAX_CHUNK + "]");
    }
    if (chunk != chunkSize) {
      throw new CodecException(name + " delta: chunk size " + chunk + " at byte 5, but this codec uses " + chunkSize);
    }
    int n = expectedLength;
    Format.requireExactLength(encoded, encodedLength(n, chunkSize), name, n);

    float[] delta = new float[n];
    int offset = Format.PARAM_HEADER_BYTES;
    for (int start = 0; start < n; start += chunkSize) {
      int end = Math.min(n, start + chunkSize);
      int c = start / chunkSize;
      float scale = buf.getFloat(offset);
      Optional<String> problem = scaleProblem(scale);
      if (problem.isPresent()) {
        throw new CodecException(name + " delta: scale of chunk " + c + " (byte " + offset + ") " + problem.get());
      }
      offset += 4;
      int maxAbsQ = 0;
      for (int i = start; i < end; i++, offset++) {
        int q = encoded[offset];
        if (q == -128) {
          throw new CodecException(name + " delta: element " + i + " (byte " + offset
              + ") is q = -128; the encoder clamps to [-127, 127]");
        }
        if (scale == 0 && q != 0) {
          throw new CodecException(name + " delta: chunk " + c + " has scale 0 but element " + i + " (byte "
              + offset + ") is q = " + q + "; a zero chunk is all zeros");
        }
        maxAbsQ = Math.max(maxAbsQ, Math.abs(q));
        delta[i] = q * scale;
      }
      if (scale != 0 && maxAbsQ != 127) {
        throw new CodecException(name + " delta: chunk " + c + " has largest |q| = " + maxAbsQ
            + "; the element that sets the scale is always quantised to +-127");
      }
    }
    return delta;
  }

  /** Why no encoder writes this scale, if none does. */
  private static Optional<String> scaleProblem(float scale) {
    if (!Float.isFinite(scale)) {
      return Optional.of("is " + Format.describe(scale));
    }
    if (Float.floatToRawIntBits(scale) < 0) {
      return Optional.of("is negative (" + scale + ")");
    }
    if (scale == 0) {
      return Optional.empty();
    }
    if (scale < Float.MIN_NORMAL) {
      return Optional.of("is subnormal (" + scale + "); the encoder sends such chunks as zeros");
    }
    float top = 127f * scale;
    if (!Float.isFinite(top)) {
      return Optional.of("is " + scale + ": 127 * scale overflows float");
    }
    if (top / 127f != scale) {
      return Optional.of("is " + scale + ", which is not maxabs / 127 for any maxabs (127 * scale / 127 = "
          + top / 127f + ")");
    }
    return Optional.empty();
  }

  static boolean isValidChunk(long chunk) {
    return chunk >= 1 && chunk <= MAX_CHUNK;
  }

  private static long encodedLength(int n, int chunkSize) {
    long chunks = (n + (long) chunkSize - 1) / chunkSize;
    return Format.PARAM_HEADER_BYTES + 4 * chunks + n;
  }

  @Override
  public String toString() {
    return name();
  }
}
