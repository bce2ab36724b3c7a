package io.fedchain.learning.aggregate;

import io.fedchain.learning.model.Parameters;
import java.util.Arrays;
import java.util.List;

/**
 * Krum (Blanchard, El Mhamdi, Guerraoui, Stainer 2017, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent"): tolerates {@code f} byzantine updates among {@code n >= 2f + 3}. Each
 * update's score is the sum of its squared distances to its {@code n - f - 2} closest other updates;
 * the result is a copy of the update with the lowest score, the lowest index on a tie. Sample counts
 * play no part.
 */
public record Krum(int f) implements SelectingAggregator {
  public Krum {
    if (f < 0) {
      throw new IllegalArgumentException("krum f must be >= 0, got " + f);
    }
  }

  @Override
  public String name() {
    return "krum:" + f;
  }

  @Override
  public int[] select(List<WeightedDelta> updates) {
    double[] scores = scores(updates, f);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] < scores[best]) {
        best = i;
      }
    }
    return new int[] {best};
  }

  @Override
  public float[] aggregate(List<WeightedDelta> updates) {
    return updates.get(select(updates)[0]).delta().clone();
  }

  /**
   * The Krum score of each update, in list order. Distances are accumulated in double in element
   * order; each score sums its {@code n - f - 2} smallest distances in ascending order.
   *
   * @throws IllegalArgumentException if {@code n < 2f + 3}, or on inputs no aggregator accepts
   */
  public static double[] scores(List<WeightedDelta> updates, int f) {
    float[][] deltas = Updates.checkedDeltas(updates);
    int n = deltas.length;
    if (n < 2L * f + 3) {
      throw new IllegalArgumentException("Krum with f = " + f + " needs at least 2f + 3 = " + (2L * f + 3)
          + " updates, got " + n + "; lower f or wait for more updates");
    }
    double[][] distance = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        // Symmetric to the bit: (a - b)^2 and (b - a)^2 are the same double.
        distance[i][k] = Parameters.squaredDistance(deltas[i], deltas[k]);
        distance[k][i] = distance[i][k];
      }
    }
    int closest = n - f - 2;
    double[] scores = new double[n];
    double[] others = new double[n - 1];
    for (int i = 0; i < n; i++) {
      for (int k = 0, o = 0; k < n; k++) {
        if (k != i) {
          others[o++] = distance[i][k];
        }
      }
      Arrays.sort(others);
      double score = 0;
      for (int c = 0; c < closest; c++) {
        score += others[c];
      }
      scores[i] = score;
    }
    return scores;
  }
}
