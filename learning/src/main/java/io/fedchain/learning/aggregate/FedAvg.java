package io.fedchain.learning.aggregate;

import java.util.List;

/**
 * Federated averaging (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
 * Decentralized Data"): the mean of the deltas weighted by their sample counts,
 * {@code out[j] = (float) (sum_i n_i * d_i[j] / sum_i n_i)}, with the sum in list order in double
 * and one rounding to float at the end.
 */
public record FedAvg() implements Aggregator {
  @Override
  public String name() {
    return "fedavg";
  }

  @Override
  public float[] aggregate(List<WeightedDelta> updates) {
    float[][] deltas = Updates.checkedDeltas(updates);
    long totalSamples = 0;
    for (WeightedDelta u : updates) {
      try {
        totalSamples = Math.addExact(totalSamples, u.numSamples());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("the updates' numSamples sum past Long.MAX_VALUE", e);
      }
    }
    // Update-major loops keep memory access sequential; each acc[j] still sums in list order.
    double[] acc = new double[deltas[0].length];
    for (int i = 0; i < deltas.length; i++) {
      double n = updates.get(i).numSamples();
      float[] d = deltas[i];
      for (int j = 0; j < acc.length; j++) {
        acc[j] += n * d[j];
      }
    }
    double total = totalSamples;
    float[] out = new float[acc.length];
    for (int j = 0; j < out.length; j++) {
      // A division, not a multiplication by 1/total: that would round differently.
      out[j] = (float) (acc[j] / total);
    }
    return out;
  }
}
