package io.fedchain.learning.codec;

import io.fedchain.learning.model.Parameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The header every encoding starts with (1 byte codec tag, u32 element count, little-endian) and
 * the length checks shared by the codecs. Each check runs before anything is allocated from a
 * header value, so hostile bytes cost at most a read of the array they came in.
 */
final class Format {
  static final byte TAG_FLOAT32 = 1;
  static final byte TAG_INT8 = 2;
  static final byte TAG_TOPK = 3;

  static final int HEADER_BYTES = 5;
  /** Header plus one u32 codec parameter (int8 chunk size, top-k count). */
  static final int PARAM_HEADER_BYTES = 9;

  /** The JDK cannot allocate arrays much closer to Integer.MAX_VALUE. */
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private Format() {}

  /** The longest encoding of {@code n} elements under any codec: top-k keeping all of them. */
  static long maxEncodedLength(int n) {
    return PARAM_HEADER_BYTES + 8L * n;
  }

  static String tagName(int tag) {
    return switch (tag) {
      case TAG_FLOAT32 -> "float32";
      case TAG_INT8 -> "int8";
      case TAG_TOPK -> "topk";
      default -> "unknown";
    };
  }

  /** A little-endian buffer of exactly {@code length} bytes with the header written. */
  static ByteBuffer startEncoding(String codec, byte tag, int n, long length) {
    if (length > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("a delta of " + n + " elements is too long for " + codec
          + ": its encoding would take " + length + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(tag).putInt(n);
    return buf;
  }

  /**
   * Checks that {@code encoded} could hold a delta of {@code expectedLength} elements at all.
   * The bound does not depend on any header value, so it holds before the header is trusted.
   */
  static void checkPlausibleSize(byte[] encoded, int expectedLength, String codec) {
    Objects.requireNonNull(encoded, "encoded");
    if (expectedLength < 0) {
      throw new IllegalArgumentException("expected length must not be negative, got " + expectedLength);
    }
    long max = maxEncodedLength(expectedLength);
    if (encoded.length > max) {
      throw new CodecException(codec + " delta: " + encoded.length + " bytes is too long for "
          + expectedLength + " elements; no codec needs more than " + max);
    }
  }

  static void requireAtLeast(byte[] encoded, int bytes, String codec, String what) {
    if (encoded.length < bytes) {
      throw new CodecException(codec + " delta: truncated: reading the " + what + " needs " + bytes
          + " bytes, got " + encoded.length);
    }
  }

  /**
   * Checks the size, the tag and the element count, and returns a little-endian view of the
   * bytes. {@code codec} names the codec in messages.
   */
  static ByteBuffer openHeader(byte[] encoded, int expectedLength, byte tag, String codec) {
    checkPlausibleSize(encoded, expectedLength, codec);
    requireAtLeast(encoded, HEADER_BYTES, codec, "header");
    if (encoded[0] != tag) {
      throw new CodecException(codec + " delta: byte 0 holds codec tag " + encoded[0] + " ("
          + tagName(encoded[0]) + "), expected " + tag + " (" + tagName(tag) + ")");
    }
    ByteBuffer buf = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
    long n = Integer.toUnsignedLong(buf.getInt(1));
    if (n != expectedLength) {
      throw new CodecException(codec + " delta: element count " + n + " at byte 1, expected "
          + expectedLength + " (the model's parameter count)");
    }
    return buf;
  }

  /** The u32 codec parameter that follows the header, as an unsigned value. */
  static long readParam(byte[] encoded, ByteBuffer buf, String codec, String what) {
    requireAtLeast(encoded, PARAM_HEADER_BYTES, codec, what);
    return Integer.toUnsignedLong(buf.getInt(HEADER_BYTES));
  }

  static void requireExactLength(byte[] encoded, long exact, String codec, int n) {
    if (encoded.length < exact) {
      throw new CodecException(codec + " delta: truncated: " + n + " elements need " + exact
          + " bytes, got " + encoded.length);
    }
    if (encoded.length > exact) {
      throw new CodecException(codec + " delta: " + (encoded.length - exact) + " trailing bytes after the "
          + exact + " that " + n + " elements need");
    }
  }

  static String describe(float x) {
    return Float.isNaN(x) ? "NaN" : Float.toString(x);
  }

  /** The first NaN or infinite element is a caller error: name it so it can be traced. */
  static void requireFinite(float[] delta, String codec) {
    int i = Parameters.firstNonFinite(Objects.requireNonNull(delta, "delta"));
    if (i >= 0) {
      throw new IllegalArgumentException("cannot encode with " + codec + ": delta[" + i + "] is "
          + describe(delta[i]) + "; a delta must be finite");
    }
  }
}
