package io.fedchain.learning.dp;

import java.util.Arrays;

/**
 * Privacy spent by repeated (sampled) Gaussian mechanisms, tracked as Rényi DP at a fixed list of
 * orders: composition adds RDP order by order (Mironov 2017, "Rényi Differential Privacy", Prop. 1),
 * and {@link #epsilon} converts to (epsilon, delta)-DP at the best order.
 *
 * <p>{@code sigma} is the noise standard deviation over the L2 sensitivity. A fedchain client's
 * clipped delta with N(0, (sigma*C)^2) noise has sensitivity C when a user's contribution is compared
 * with none (add or remove, as McMahan et al. 2018 account the sum over clients), but 2C against
 * someone watching that one client's gossiped delta, whose data could be any other: the delta can
 * move across the whole clip ball. For that local guarantee account with {@code noiseMultiplier / 2}.
 * Participation is public on the chain, so sampling amplifies nothing: account q = 1, one step per
 * round the client shares.
 *
 * <p>Not thread-safe.
 */
public final class RdpAccountant {
  // TF-Privacy's compute_dp_sgd_privacy orders: dense near 1 where small epsilons are decided,
  // sparse and long-tailed for large-epsilon regimes.
  private static final double[] ORDERS = orders();

  private final double[] rdp = new double[ORDERS.length];

  private static double[] orders() {
    double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
    double[] all = new double[head.length + (63 - 5 + 1) + 3];
    System.arraycopy(head, 0, all, 0, head.length);
    int i = head.length;
    for (int order = 5; order <= 63; order++) {
      all[i++] = order;
    }
    all[i++] = 128;
    all[i++] = 256;
    all[i] = 512;
    return all;
  }

  public static double[] rdpOrders() {
    return ORDERS.clone();
  }

  /**
   * Composes {@code steps} runs of the Gaussian mechanism with noise multiplier {@code sigma}, each
   * on a Poisson sample of rate {@code q} (q = 1: no sampling).
   */
  public void step(double q, double sigma, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    double[] perStep = new double[ORDERS.length];
    for (int i = 0; i < ORDERS.length; i++) {
      perStep[i] = SampledGaussianRdp.rdp(q, sigma, ORDERS[i]);
    }
    if (steps == 0) {
      return; // checked the arguments; infinity * 0 would be NaN
    }
    for (int i = 0; i < ORDERS.length; i++) {
      rdp[i] += steps * perStep[i];
    }
  }

  /** Accumulated RDP at each of {@link #rdpOrders()}. */
  public double[] rdp() {
    return rdp.clone();
  }

  /**
   * The smallest epsilon such that everything composed so far is (epsilon, delta)-DP, by the
   * conversion of Balle et al. 2020, "Hypothesis Testing Interpretations and Renyi Differential
   * Privacy" (arXiv 2004.00010), as TF-Privacy and Opacus use it:
   * {@code eps = rdp + log((alpha - 1) / alpha) - (log(delta) + log(alpha)) / (alpha - 1)}.
   * It is below the classic bound at every order > 1. +infinity once a step had sigma = 0 and q > 0.
   */
  public double epsilon(double delta) {
    checkDelta(delta);
    if (nothingSpent()) {
      return 0; // Rényi divergence 0 at an order > 1 means the output distributions are equal.
    }
    return Math.max(0, improvedEpsilon(bestIndex(delta), delta));
  }

  /**
   * The order at which {@link #epsilon} is reached; NaN when no order decides it: nothing spent yet
   * or no order gives a finite bound.
   */
  public double bestOrder(double delta) {
    checkDelta(delta);
    if (nothingSpent()) {
      return Double.NaN;
    }
    int best = bestIndex(delta);
    return Double.isFinite(improvedEpsilon(best, delta)) ? ORDERS[best] : Double.NaN;
  }

  /**
   * The classic conversion, {@code eps = rdp + log(1/delta) / (alpha - 1)} (Mironov 2017, Prop. 3),
   * minimised over the orders: what Abadi et al. 2016 and early TF-Privacy reported, kept to compare
   * with published numbers.
   */
  public double classicEpsilon(double delta) {
    checkDelta(delta);
    if (nothingSpent()) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < ORDERS.length; i++) {
      best = Math.min(best, classicEpsilon(ORDERS[i], rdp[i], delta));
    }
    return best;
  }

  static double improvedEpsilon(double order, double rdp, double delta) {
    return rdp + StrictMath.log1p(-1 / order) - (StrictMath.log(delta) + StrictMath.log(order)) / (order - 1);
  }

  static double classicEpsilon(double order, double rdp, double delta) {
    return rdp - StrictMath.log(delta) / (order - 1);
  }

  private double improvedEpsilon(int i, double delta) {
    return improvedEpsilon(ORDERS[i], rdp[i], delta);
  }

  private int bestIndex(double delta) {
    int best = 0;
    for (int i = 1; i < ORDERS.length; i++) {
      if (improvedEpsilon(i, delta) < improvedEpsilon(best, delta)) {
        best = i;
      }
    }
    return best;
  }

  private boolean nothingSpent() {
    return Arrays.stream(rdp).allMatch(r -> r == 0);
  }

  private static void checkDelta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
  }
}
