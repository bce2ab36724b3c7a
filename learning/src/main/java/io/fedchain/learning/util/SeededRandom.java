package io.fedchain.learning.util;

/**
 * A seeded pseudo-random generator whose output is fixed by this file alone (xoshiro256** seeded
 * through SplitMix64, Blackman and Vigna 2018), not by the JDK version: initial weights derived from
 * a genesis seed must be the same bits on every node. Gaussian, gamma and Dirichlet draws use
 * {@link StrictMath} for the same reason.
 *
 * <p>Not thread-safe; give each thread its own, e.g. through {@link #fork}.
 */
public final class SeededRandom {
  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private double spareGaussian;
  private boolean hasSpare;

  public SeededRandom(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  /** A generator for a named sub-stream, independent of how much this one has been used. */
  public static SeededRandom of(long seed, String stream, long index) {
    long h = seed;
    for (int i = 0; i < stream.length(); i++) {
      h = mix(h ^ stream.charAt(i)) + 0x9E3779B97F4A7C15L;
    }
    return new SeededRandom(mix(h ^ mix(index)));
  }

  /** A new generator seeded from this one's next output. */
  public SeededRandom fork() {
    return new SeededRandom(nextLong());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Lemire's multiply-shift with rejection: unbiased.
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal (polar Box-Muller). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spareGaussian = v * m;
    hasSpare = true;
    return u * m;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through the boost x * U^(1/shape). */
  public double nextGamma(double shape) {
    if (!(shape > 0)) {
      throw new IllegalArgumentException("gamma shape must be positive: " + shape);
    }
    if (shape < 1) {
      double u = nextDouble();
      return nextGamma(shape + 1) * StrictMath.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x) {
        return d * v;
      }
      if (StrictMath.log(u) < 0.5 * x * x + d * (1 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /** A draw from the symmetric Dirichlet(alpha) distribution over {@code k} categories. */
  public double[] nextDirichlet(double alpha, int k) {
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      p[i] = nextGamma(alpha);
      sum += p[i];
    }
    if (sum == 0) {
      // All draws underflowed (tiny alpha): the limit is one category taking everything.
      p[nextInt(k)] = 1;
      return p;
    }
    for (int i = 0; i < k; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Fisher-Yates shuffle in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** {@code 0..n-1} in random order. */
  public int[] permutation(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    shuffle(a);
    return a;
  }
}
