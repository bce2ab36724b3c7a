package io.fedchain.learning.aggregate;

import java.util.List;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates"), unweighted: sample counts are ignored, since a
 * weighted median would let one update claim a majority by reporting a large count. With an even
 * number of updates the result is the mean of the two middle values, computed in double so that
 * two large values cannot overflow. The result does not depend on list order.
 */
public record Median() implements Aggregator {
  @Override
  public String name() {
    return "median";
  }

  @Override
  public float[] aggregate(List<WeightedDelta> updates) {
    float[][] deltas = Updates.checkedDeltas(updates);
    int n = deltas.length;
    float[] column = new float[n];
    float[] out = new float[deltas[0].length];
    for (int j = 0; j < out.length; j++) {
      Updates.sortedColumn(deltas, j, column);
      out[j] = n % 2 == 1
          ? column[n / 2]
          : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2);
    }
    return out;
  }
}
