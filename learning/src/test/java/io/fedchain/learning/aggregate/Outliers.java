package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Honest updates with {@code f} byzantine ones of huge magnitude planted at random positions. */
record Outliers(List<WeightedDelta> updates, boolean[] byzantine) {
  static Outliers plant(SeededRandom rng, int honest, int f, int length) {
    return plant(rng, honest, f, length, false);
  }

  /** Byzantine updates that all send the same vector, so that they are each other's neighbours. */
  static Outliers plantColluding(SeededRandom rng, int honest, int f, int length) {
    return plant(rng, honest, f, length, true);
  }

  private static Outliers plant(SeededRandom rng, int honest, int f, int length, boolean colluding) {
    List<WeightedDelta> updates = new ArrayList<>(Deltas.gaussian(rng, honest, length));
    float[] shared = huge(rng, length);
    for (int b = 0; b < f; b++) {
      float[] d = colluding ? shared.clone() : huge(rng, length);
      // A large sample count too, which a weighted rule would follow.
      updates.add(rng.nextInt(updates.size() + 1), new WeightedDelta(d, 1_000_000));
    }
    boolean[] byzantine = new boolean[updates.size()];
    for (int i = 0; i < byzantine.length; i++) {
      byzantine[i] = Math.abs(updates.get(i).delta()[0]) >= 1e30f;
    }
    return new Outliers(updates, byzantine);
  }

  private static float[] huge(SeededRandom rng, int length) {
    float[] d = new float[length];
    for (int j = 0; j < length; j++) {
      d[j] = (rng.nextInt(2) == 0 ? -1 : 1) * 1e30f * (1 + rng.nextFloat());
    }
    return d;
  }

  int[] honestIndices() {
    return IntStream.range(0, byzantine.length).filter(i -> !byzantine[i]).toArray();
  }

  /** Each coordinate of {@code out} lies between the honest updates' smallest and largest value. */
  void assertWithinHonestRange(float[] out, String context) {
    for (int j = 0; j < out.length; j++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < updates.size(); i++) {
        if (!byzantine[i]) {
          min = Math.min(min, updates.get(i).delta()[j]);
          max = Math.max(max, updates.get(i).delta()[j]);
        }
      }
      assertTrue(out[j] >= min && out[j] <= max,
          context + ", element " + j + ": " + out[j] + " outside the honest range [" + min + ", " + max + "]");
    }
  }
}
