package io.fedchain.learning.dp;

/**
 * Rényi differential privacy of the sampled Gaussian mechanism: each record joins a step with
 * probability q and the step's L2-sensitivity-1 sum gets N(0, sigma^2) noise. Mironov, Talwar and
 * Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism": the RDP at order alpha
 * is {@code log(A_alpha) / (alpha - 1)} with
 * {@code A_alpha = E_{z ~ N(0, sigma^2)} [((1 - q) + q exp((2z - 1) / (2 sigma^2)))^alpha]}.
 *
 * <p>Sums are taken in log space, as their terms run far outside double range, with {@link StrictMath}
 * so every JVM gets the same numbers. Absolute error in {@code log(A_alpha)} is around 1e-16 (more
 * than enough: it is multiplied by the step count and compared with {@code log(1/delta)}).
 */
public final class SampledGaussianRdp {
  private static final double LOG_HALF = StrictMath.log(0.5);
  // Stopping the alternating tail below e^-30 (1e-13) errs by less than that in A_alpha >= 1.
  private static final double NEGLIGIBLE_LOG_TERM = -30;
  private static final int MAX_SERIES_TERMS = 1_000_000;

  private SampledGaussianRdp() {}

  /** RDP at {@code order} > 1 of one step; +infinity when sigma is 0 and q is not. */
  public static double rdp(double q, double sigma, double order) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("sampling rate q must be in [0, 1], got " + q);
    }
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("noise multiplier sigma must be a number >= 0, got " + sigma);
    }
    if (!(order > 1) || !Double.isFinite(order)) {
      throw new IllegalArgumentException("RDP order must be a finite number > 1, got " + order);
    }
    if (q == 0) {
      return 0;
    }
    if (sigma == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (q == 1) {
      // The plain Gaussian mechanism (Mironov 2017, "Rényi Differential Privacy").
      return order / (2 * sigma * sigma);
    }
    double logA = order == StrictMath.rint(order) && order <= Integer.MAX_VALUE
        ? logAIntegerOrder(q, sigma, (int) order)
        : logAFractionalOrder(q, sigma, order);
    // A_alpha >= 1, but when it is 1 + 1e-17 or so rounding (absolute error near 1e-16 in log A)
    // can land a hair below.
    return Math.max(0, logA) / (order - 1);
  }

  /**
   * Binomial expansion of A_alpha for integer alpha (Mironov et al. 2019):
   * {@code sum_k C(alpha, k) (1 - q)^(alpha - k) q^k exp((k^2 - k) / (2 sigma^2))}.
   */
  static double logAIntegerOrder(double q, double sigma, int alpha) {
    double logQ = StrictMath.log(q);
    double logOneMinusQ = StrictMath.log1p(-q);
    double twoSigmaSquared = 2 * sigma * sigma;
    double[] terms = new double[alpha + 1];
    double logBinomial = 0;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        logBinomial += StrictMath.log(alpha - k + 1) - StrictMath.log(k);
      }
      terms[k] = logBinomial + k * logQ + (alpha - k) * logOneMinusQ + ((double) k * k - k) / twoSigmaSquared;
    }
    return logSumExp(terms);
  }

  /**
   * A_alpha for fractional alpha (Mironov et al. 2019, Section 3.3). Split the integral at z0, where
   * the two terms of the base are equal: {@code z0 = sigma^2 log((1 - q) / q) + 1/2}. Below z0 expand
   * {@code ((1-q) + q e^u)^alpha} by the binomial series in powers of {@code q e^u / (1-q)}, above it
   * in powers of {@code (1-q) / (q e^u)}; both converge there. Each Gaussian integral of
   * {@code e^(k u)} over a half-line is {@code exp((k^2 - k) / (2 sigma^2))} times a normal tail:
   * <pre>
   *   below: sum_k C(alpha,k) (1-q)^(alpha-k) q^k exp((k^2-k)/(2 sigma^2)) erfc((k - z0)/(sqrt2 sigma))/2
   *   above: sum_k C(alpha,k) q^(alpha-k) (1-q)^k exp((j^2-j)/(2 sigma^2)) erfc((z0 - j)/(sqrt2 sigma))/2
   * </pre>
   * with {@code j = alpha - k}. Past k = alpha the coefficients alternate in sign and the terms
   * shrink, so the error of stopping is below the first term left out.
   */
  static double logAFractionalOrder(double q, double sigma, double alpha) {
    double logQ = StrictMath.log(q);
    double logOneMinusQ = StrictMath.log1p(-q);
    double twoSigmaSquared = 2 * sigma * sigma;
    double sqrtTwoSigma = StrictMath.sqrt(2) * sigma;
    double z0 = sigma * sigma * (logOneMinusQ - logQ) + 0.5;
    SignedLogSum below = new SignedLogSum();
    SignedLogSum above = new SignedLogSum();
    double logAbsBinomial = 0;
    boolean negative = false;
    for (int k = 0; k < MAX_SERIES_TERMS; k++) {
      if (k > 0) {
        double factor = (alpha - (k - 1)) / k;
        logAbsBinomial += StrictMath.log(Math.abs(factor));
        negative ^= factor < 0;
      }
      double j = alpha - k;
      double termBelow = logAbsBinomial + k * logQ + j * logOneMinusQ + ((double) k * k - k) / twoSigmaSquared
          + LOG_HALF + LogErfc.of((k - z0) / sqrtTwoSigma);
      double termAbove = logAbsBinomial + j * logQ + k * logOneMinusQ + (j * j - j) / twoSigmaSquared
          + LOG_HALF + LogErfc.of((z0 - j) / sqrtTwoSigma);
      below.add(negative, termBelow);
      above.add(negative, termAbove);
      if (k > alpha && Math.max(termBelow, termAbove) < NEGLIGIBLE_LOG_TERM) {
        return logAdd(below.log(), above.log());
      }
    }
    throw new IllegalStateException("RDP series did not converge in " + MAX_SERIES_TERMS
        + " terms for q = " + q + ", sigma = " + sigma + ", order = " + alpha);
  }

  static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (lo == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return hi + StrictMath.log1p(StrictMath.exp(lo - hi));
  }

  private static double logSumExp(double[] terms) {
    double max = Double.NEGATIVE_INFINITY;
    for (double t : terms) {
      max = Math.max(max, t);
    }
    if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double t : terms) {
      sum += StrictMath.exp(t - max);
    }
    return max + StrictMath.log(sum);
  }

  /** A sum of signed terms given by their logs; positive and negative parts kept apart. */
  private static final class SignedLogSum {
    private double logPositive = Double.NEGATIVE_INFINITY;
    private double logNegative = Double.NEGATIVE_INFINITY;

    void add(boolean negative, double logMagnitude) {
      if (negative) {
        logNegative = logAdd(logNegative, logMagnitude);
      } else {
        logPositive = logAdd(logPositive, logMagnitude);
      }
    }

    double log() {
      if (logNegative == Double.NEGATIVE_INFINITY) {
        return logPositive;
      }
      if (!(logNegative < logPositive)) {
        // Each half is the integral of a positive function: only lost precision can get here.
        throw new IllegalStateException("RDP series lost its precision: log(positive part) = " + logPositive
            + ", log(negative part) = " + logNegative);
      }
      return logPositive + StrictMath.log1p(-StrictMath.exp(logNegative - logPositive));
    }
  }
}
