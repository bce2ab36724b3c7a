package io.fedchain.learning.codec;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Seeded deltas of the shapes that stress the codecs, and the seed/length grid the tests share. */
final class TestDeltas {
  /** Edge lengths around the int8 default chunk of 256, plus small and large ones. */
  static final int[] LENGTHS = {0, 1, 2, 3, 7, 127, 255, 256, 257, 511, 512, 513, 1000, 4096};

  private TestDeltas() {}

  /** Every length in LENGTHS for 20 seeds, plus a few 100k-element deltas. */
  static Stream<Arguments> seedsAndLengths() {
    List<Arguments> cases = new ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      for (int n : LENGTHS) {
        cases.add(Arguments.of(seed, n));
      }
    }
    for (long seed = 100; seed < 104; seed++) {
      cases.add(Arguments.of(seed, 100_000));
    }
    return cases.stream();
  }

  /**
   * A delta whose shape depends on the seed: Gaussian at a random scale, sparse, full of ties
   * and zeros, or spread over many orders of magnitude.
   */
  static float[] random(long seed, int n) {
    SeededRandom r = new SeededRandom(seed);
    float[] x = new float[n];
    int shape = (int) (seed % 4);
    double scale = StrictMath.pow(10, -4 + 4 * r.nextDouble());
    for (int i = 0; i < n; i++) {
      x[i] = switch (shape) {
        case 0 -> (float) (scale * r.nextGaussian());
        case 1 -> r.nextInt(10) == 0 ? (float) (scale * r.nextGaussian()) : 0f;
        case 2 -> (r.nextInt(7) - 3) * 0.25f;
        default -> (float) (r.nextGaussian() * StrictMath.pow(10, -20 + 22 * r.nextDouble()));
      };
    }
    return x;
  }

  /** Raw bit patterns, so that comparisons tell -0 from +0. */
  static int[] bits(float[] x) {
    int[] b = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = Float.floatToRawIntBits(x[i]);
    }
    return b;
  }
}
