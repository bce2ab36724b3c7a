package io.fedchain.chain.state;

/**
 * Exact stake arithmetic: quorum tests compare {@code 3 * part} with {@code 2 * total} in 128 bits
 * (no overflow, no rounding, the same answer on every node), and balances saturate instead of
 * wrapping.
 */
public final class Stake {
  private Stake() {}

  /** True when {@code part > 2/3 * total}, exactly. */
  public static boolean moreThanTwoThirds(long part, long total) {
    return compare128(3, part, 2, total) > 0;
  }

  /** True when {@code part > 1/3 * total}, exactly. */
  public static boolean moreThanOneThird(long part, long total) {
    return compare128(3, part, 1, total) > 0;
  }

  /** Compares {@code a * x} with {@code b * y} for non-negative x, y and small positive a, b. */
  private static int compare128(long a, long x, long b, long y) {
    long hi1 = Math.multiplyHigh(a, x);
    long lo1 = a * x;
    long hi2 = Math.multiplyHigh(b, y);
    long lo2 = b * y;
    if (hi1 != hi2) {
      return Long.compare(hi1, hi2);
    }
    return Long.compareUnsigned(lo1, lo2);
  }

  /** {@code a + b}, capped at Long.MAX_VALUE (both non-negative). */
  public static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
