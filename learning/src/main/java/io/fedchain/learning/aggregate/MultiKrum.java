package io.fedchain.learning.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer 2017, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent"): keeps the {@code m} updates with the lowest {@link Krum}
 * scores (the lower index on a tie) and returns their {@link FedAvg} average. The paper averages the
 * kept updates uniformly; weighting them by sample count, as Flower's Krum strategy does, keeps
 * Multi-Krum with {@code m = n} equal to FedAvg. The usual choice is {@code m = n - f}.
 *
 * <p>The kept updates are averaged in list order, as FedAvg over the sub-list.
 */
public record MultiKrum(int f, int m) implements SelectingAggregator {
  public MultiKrum {
    if (f < 0) {
      throw new IllegalArgumentException("multi-krum f must be >= 0, got " + f);
    }
    if (m < 1) {
      throw new IllegalArgumentException("multi-krum m must be >= 1, got " + m);
    }
  }

  @Override
  public String name() {
    return "multi-krum:" + f + ":" + m;
  }

  @Override
  public int[] select(List<WeightedDelta> updates) {
    double[] scores = Krum.scores(updates, f);
    if (m > scores.length) {
      throw new IllegalArgumentException(name() + " keeps " + m + " updates but got only " + scores.length);
    }
    Integer[] byScore = new Integer[scores.length];
    for (int i = 0; i < byScore.length; i++) {
      byScore[i] = i;
    }
    Arrays.sort(byScore, Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i));
    int[] kept = new int[m];
    for (int i = 0; i < m; i++) {
      kept[i] = byScore[i];
    }
    Arrays.sort(kept);
    return kept;
  }

  @Override
  public float[] aggregate(List<WeightedDelta> updates) {
    int[] kept = select(updates);
    List<WeightedDelta> sub = new ArrayList<>(kept.length);
    for (int i : kept) {
      sub.add(updates.get(i));
    }
    return new FedAvg().aggregate(sub);
  }
}
