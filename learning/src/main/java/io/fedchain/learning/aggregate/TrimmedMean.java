package io.fedchain.learning.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates"), unweighted: for each coordinate, drop
 * the {@code k = floor(beta * n)} smallest and {@code k} largest values and average the rest.
 *
 * <p>{@code beta} is a decimal, not a double, and {@code k} is computed exactly: with a double,
 * {@code 0.29 * 100} is {@code 28.999999999999996} and would trim 28, not 29. The kept values are
 * summed in ascending order (in double, one rounding to float), so the result does not depend on
 * list order.
 */
public record TrimmedMean(BigDecimal beta) implements Aggregator {
  private static final BigDecimal HALF = new BigDecimal("0.5");

  public TrimmedMean {
    Objects.requireNonNull(beta, "beta");
    if (beta.signum() < 0 || beta.compareTo(HALF) >= 0) {
      throw new IllegalArgumentException("trimmed-mean beta must be in [0, 0.5), got " + beta.toPlainString());
    }
    // One value, one representation: 0.10 and 0.1 are the same rule, with the same name.
    beta = beta.stripTrailingZeros();
  }

  @Override
  public String name() {
    return "trimmed-mean:" + beta.toPlainString();
  }

  /** How many values are dropped at each end of a coordinate when aggregating {@code n} updates. */
  public int trimCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("update count must be >= 0, got " + n);
    }
    return beta.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR).intValueExact();
  }

  @Override
  public float[] aggregate(List<WeightedDelta> updates) {
    float[][] deltas = Updates.checkedDeltas(updates);
    int n = deltas.length;
    int k = trimCount(n);
    double kept = n - 2 * k; // >= 1 because beta < 0.5
    float[] column = new float[n];
    float[] out = new float[deltas[0].length];
    for (int j = 0; j < out.length; j++) {
      Updates.sortedColumn(deltas, j, column);
      double sum = 0;
      for (int i = k; i < n - k; i++) {
        sum += column[i];
      }
      out[j] = (float) (sum / kept);
    }
    return out;
  }
}
