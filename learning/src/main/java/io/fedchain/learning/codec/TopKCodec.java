package io.fedchain.learning.codec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * Top-k sparsification: keeps the k elements of largest magnitude, ties broken by the lower index.
 * Layout: tag 3, u32 n, u32 k, then k u32 indices strictly increasing, then their k float32
 * values; decoding scatters them into zeros.
 *
 * <p>k comes from the {@link Budget}: a fixed count (capped at n), or {@code ceil(fraction * n)}
 * in exact decimal arithmetic, so every node computes the same k from the same spec text.
 *
 * <p>Canonical form. When the delta has fewer than k non-zero elements, the encoder fills k with
 * zeros of the lowest indices, so a kept zero is only accepted at position p when indices
 * 0..p are all kept (indices[p] == p). With k matching the budget, that makes the encoding of
 * the decoded vector the input bytes again.
 */
public record TopKCodec(Budget budget) implements DeltaCodec {
  /** Below 1e-9 a fraction keeps one element of any Java array; the cap keeps spec text short. */
  public static final int MAX_FRACTION_DIGITS = 9;

  public sealed interface Budget {
    /** How many of {@code n} elements to keep: in [1, n] for n >= 1, 0 for n = 0. */
    int k(int n);
  }

  public record Count(int count) implements Budget {
    public Count {
      if (count < 1) {
        throw new IllegalArgumentException("top-k count must be at least 1, got " + count);
      }
    }

    @Override
    public int k(int n) {
      return Math.min(count, n);
    }

    @Override
    public String toString() {
      return Integer.toString(count);
    }
  }

  public record Fraction(BigDecimal fraction) implements Budget {
    public Fraction {
      if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("top-k fraction must be in (0, 1], got " + fraction);
      }
      // Equal fractions must make equal records and names: 0.10 is 0.1.
      fraction = fraction.stripTrailingZeros();
      if (fraction.scale() > MAX_FRACTION_DIGITS) {
        throw new IllegalArgumentException("top-k fraction may have at most " + MAX_FRACTION_DIGITS
            + " decimal places, got " + fraction.toPlainString());
      }
    }

    @Override
    public int k(int n) {
      return fraction.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /** Always with a decimal point, so that it never reads as a count. */
    @Override
    public String toString() {
      String plain = fraction.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
  }

  public TopKCodec {
    java.util.Objects.requireNonNull(budget, "budget");
  }

  public static TopKCodec ofCount(int count) {
    return new TopKCodec(new Count(count));
  }

  public static TopKCodec ofFraction(BigDecimal fraction) {
    return new TopKCodec(new Fraction(fraction));
  }

  @Override
  public String name() {
    return "topk:" + budget;
  }

  @Override
  public byte[] encode(float[] delta) {
    Format.requireFinite(delta, name());
    int n = delta.length;
    int k = budget.k(n);
    ByteBuffer buf = Format.startEncoding(name(), Format.TAG_TOPK, n, encodedLength(k));
    buf.putInt(k);
    int[] kept = TopKSelection.largestMagnitudes(delta, k);
    for (int index : kept) {
      buf.putInt(index);
    }
    for (int index : kept) {
      buf.putFloat(delta[index]);
    }
    return buf.array();
  }

  @Override
  public float[] decode(byte[] encoded, int expectedLength) {
    String name = name();
    ByteBuffer buf = Format.openHeader(encoded, expectedLength, Format.TAG_TOPK, name);
    int n = expectedLength;
    long k = Format.readParam(encoded, buf, name, "top-k count k");
    checkK(k, n, name);
    if (k != budget.k(n)) {
      throw new CodecException(name + " delta: k = " + k + " at byte 5, but " + name + " keeps " + budget.k(n)
          + " of " + n + " elements");
    }
    Format.requireExactLength(encoded, encodedLength((int) k), name, n);

    float[] delta = new float[n];
    int valuesStart = Format.PARAM_HEADER_BYTES + 4 * (int) k;
    long previous = -1;
    long firstNotKept = -1;
    for (int p = 0; p < k; p++) {
      int indexOffset = Format.PARAM_HEADER_BYTES + 4 * p;
      long index = Integer.toUnsignedLong(buf.getInt(indexOffset));
      if (index >= n) {
        throw new CodecException(name + " delta: index " + index + " at position " + p + " (byte " + indexOffset
            + ") is out of range for " + n + " elements");
      }
      if (index <= previous) {
        throw new CodecException(name + " delta: index " + index + " at position " + p + " (byte " + indexOffset
            + ") does not exceed the previous index " + previous + "; indices must be strictly increasing");
      }
      if (index != p && firstNotKept < 0) {
        firstNotKept = p;
      }
      int valueOffset = valuesStart + 4 * p;
      float x = buf.getFloat(valueOffset);
      if (!Float.isFinite(x)) {
        throw new CodecException(name + " delta: value of index " + index + " (byte " + valueOffset + ") is "
            + Format.describe(x));
      }
      if (x == 0 && index != p) {
        throw new CodecException(name + " delta: index " + index + " (byte " + indexOffset + ") is kept with value"
            + " 0 while index " + firstNotKept + " is not kept; the encoder pads k with zeros of the lowest indices");
      }
      delta[(int) index] = x;
      previous = index;
    }
    return delta;
  }

  /** The bounds on k that hold for every budget. */
  static void checkK(long k, int n, String name) {
    if (k > n) {
      throw new CodecException(name + " delta: k = " + k + " at byte 5 exceeds the element count " + n);
    }
    if (k == 0 && n > 0) {
      throw new CodecException(name + " delta: k = 0 at byte 5, but a top-k delta of " + n
          + " elements keeps at least one");
    }
  }

  private static long encodedLength(int k) {
    return Format.PARAM_HEADER_BYTES + 8L * k;
  }

  @Override
  public String toString() {
    return name();
  }
}
