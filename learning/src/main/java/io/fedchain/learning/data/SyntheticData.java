package io.fedchain.learning.data;

import io.fedchain.learning.util.SeededRandom;

/**
 * Small generated datasets shaped like Fashion-MNIST (byte features, 10 classes) for tests and
 * quick runs where the real files are not needed: each class has a random sparse prototype image,
 * and each sample is its class's prototype plus noise. Learnable, not trivially separable at high
 * noise.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /**
   * @param noise standard deviation of the per-pixel noise, in pixel units (0..255)
   */
  public static Dataset prototypes(String name, int rows, int features, int classes, double noise, long seed) {
    SeededRandom protoRng = SeededRandom.of(seed, "synthetic-prototypes", 0);
    int[][] prototypes = new int[classes][features];
    for (int c = 0; c < classes; c++) {
      for (int f = 0; f < features; f++) {
        prototypes[c][f] = protoRng.nextDouble() < 0.5 ? 0 : 64 + protoRng.nextInt(192);
      }
    }
    SeededRandom rng = SeededRandom.of(seed, "synthetic-samples", rows);
    byte[] pixels = new byte[rows * features];
    byte[] labels = new byte[rows];
    for (int r = 0; r < rows; r++) {
      int c = rng.nextInt(classes);
      labels[r] = (byte) c;
      for (int f = 0; f < features; f++) {
        double v = prototypes[c][f] + rng.nextGaussian() * noise;
        pixels[r * features + f] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
      }
    }
    return new Dataset(name, features, classes, pixels, labels);
  }

  /** 28x28 features, 10 classes, as Fashion-MNIST. */
  public static Dataset fashionShaped(String name, int rows, long seed) {
    return prototypes(name, rows, 28 * 28, 10, 180, seed);
  }
}
