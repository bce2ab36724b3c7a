package io.fedchain.learning.aggregate;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/** Seeded test inputs. */
final class Deltas {
  private Deltas() {}

  /** {@code count} deltas of standard-normal values, numSamples in [1, 1000]. */
  static List<WeightedDelta> gaussian(SeededRandom rng, int count, int length) {
    List<WeightedDelta> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] d = new float[length];
      for (int j = 0; j < length; j++) {
        d[j] = (float) rng.nextGaussian();
      }
      out.add(new WeightedDelta(d, 1 + rng.nextInt(1000)));
    }
    return out;
  }

  static List<WeightedDelta> deepCopy(List<WeightedDelta> updates) {
    List<WeightedDelta> out = new ArrayList<>(updates.size());
    for (WeightedDelta u : updates) {
      out.add(new WeightedDelta(u.delta().clone(), u.numSamples()));
    }
    return out;
  }

  static List<WeightedDelta> of(long numSamples, float[]... deltas) {
    List<WeightedDelta> out = new ArrayList<>(deltas.length);
    for (float[] d : deltas) {
      out.add(new WeightedDelta(d, numSamples));
    }
    return out;
  }

  static List<WeightedDelta> permuted(List<WeightedDelta> updates, int[] permutation) {
    List<WeightedDelta> out = new ArrayList<>(updates.size());
    for (int p : permutation) {
      out.add(updates.get(p));
    }
    return out;
  }
}
