package io.fedchain.learning.aggregate;

import io.fedchain.learning.model.Parameters;
import java.util.Arrays;
import java.util.List;

/** The input checks every aggregator shares, so they all fail the same way on the same input. */
final class Updates {
  private Updates() {}

  /** The deltas of {@code updates}, in list order, after checking they can be aggregated. */
  static float[][] checkedDeltas(List<WeightedDelta> updates) {
    if (updates == null || updates.isEmpty()) {
      throw new IllegalArgumentException("cannot aggregate an empty list of updates");
    }
    float[][] deltas = new float[updates.size()][];
    for (int i = 0; i < deltas.length; i++) {
      WeightedDelta u = updates.get(i);
      if (u == null) {
        throw new IllegalArgumentException("update " + i + " is null");
      }
      float[] d = u.delta();
      if (d.length != updates.get(0).delta().length) {
        throw new IllegalArgumentException("update " + i + " has " + d.length
            + " elements but update 0 has " + updates.get(0).delta().length
            + "; all deltas of a round must have the model's parameter count");
      }
      int bad = Parameters.firstNonFinite(d);
      if (bad >= 0) {
        throw new IllegalArgumentException("update " + i + " has a non-finite value (" + d[bad]
            + ") at element " + bad + "; such deltas must be rejected before aggregation");
      }
      deltas[i] = d;
    }
    return deltas;
  }

  /**
   * Fills {@code column} with element {@code j} of every delta, sorted ascending. The sorted
   * multiset does not depend on list order or on the sort algorithm ({@code -0.0} sorts before
   * {@code 0.0}), which is what makes the coordinate-wise rules permutation-invariant to the bit.
   */
  static void sortedColumn(float[][] deltas, int j, float[] column) {
    for (int i = 0; i < deltas.length; i++) {
      column[i] = deltas[i][j];
    }
    Arrays.sort(column);
  }
}
