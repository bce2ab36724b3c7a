package io.fedchain.learning.attack;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * "A Little Is Enough" (Baruch, Baruch, Goldberg, NeurIPS 2019): colluding attackers estimate the
 * coordinate-wise mean {@code mu} and standard deviation {@code sigma} of honest updates from their
 * own honestly trained deltas, and all send {@code mu - z * sigma}. The shift stays inside the
 * spread of honest updates, so median, trimmed mean and Krum let it through, yet consistently
 * pulls every coordinate the same way.
 *
 * <p>{@code z} defaults to the paper's choice for n clients and m attackers:
 * {@code s = floor(n/2 + 1) - m} honest supporters are needed, {@code z = Phi^-1((n - s) / n)}.
 */
public record LittleIsEnough(double z) implements Attack {

  /** The paper's z for {@code n} clients of which {@code m} attack. */
  public static double defaultZ(int n, int m) {
    int s = (int) Math.floor(n / 2.0 + 1) - m;
    double p = (double) (n - s) / n;
    p = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
    return NormalQuantile.of(p);
  }

  @Override
  public List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng) {
    if (trained.isEmpty()) {
      return trained;
    }
    double zz = Double.isNaN(z) ? defaultZ(totalClients, trained.size()) : z;
    int len = trained.get(0).length;
    int m = trained.size();
    float[] malicious = new float[len];
    for (int i = 0; i < len; i++) {
      double mean = 0;
      for (float[] d : trained) {
        mean += d[i];
      }
      mean /= m;
      double var = 0;
      for (float[] d : trained) {
        double diff = d[i] - mean;
        var += diff * diff;
      }
      double std = m > 1 ? Math.sqrt(var / (m - 1)) : 0;
      malicious[i] = (float) (mean - zz * std);
    }
    List<float[]> out = new ArrayList<>(m);
    for (int k = 0; k < m; k++) {
      out.add(malicious.clone());
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return Double.isNaN(z) ? "alie" : "alie:" + z;
  }
}
