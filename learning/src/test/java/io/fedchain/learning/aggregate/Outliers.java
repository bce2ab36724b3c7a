package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/** Honest updates with {@code f} byzantine ones of huge magnitude planted at random positions. */
record Outliers(List<WeightedDelta> updates, boolean[] byzantine) {
  static Outliers plant(SeededRandom rng, int honest, int f, int length) {
    List<WeightedDelta> updates = new ArrayList<>(Deltas.gaussian(rng, honest, length));
    for (int b = 0; b < f; b++) {
      float[] d = new float[length];
      for (int j = 0; j < length; j++) {
        d[j] = (rng.nextInt(2) == 0 ? -1 : 1) * 1e30f * (1 + rng.nextFloat());
      }
      // A large sample count too, which a weighted rule would follow.
      updates.add(rng.nextInt(updates.size() + 1), new WeightedDelta(d, 1_000_000));
    }
    boolean[] byzantine = new boolean[updates.size()];
    for (int i = 0; i < byzantine.length; i++) {
      byzantine[i] = Math.abs(updates.get(i).delta()[0]) >= 1e30f;
    }
    return new Outliers(updates, byzantine);
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
