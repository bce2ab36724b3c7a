package io.fedchain.learning.dp;

/**
 * {@code log(erfc(x))} in double precision over the whole real line, including far in the upper
 * tail where erfc itself underflows. The JDK has no erfc; this one uses {@link StrictMath} so the
 * accountant gives the same numbers on every JVM.
 */
final class LogErfc {
  private static final double LOG_SQRT_PI = 0.5 * StrictMath.log(StrictMath.PI);
  private static final double TWO_OVER_SQRT_PI = 2 / StrictMath.sqrt(StrictMath.PI);
  // Below this the series is accurate to a few ulps and the continued fraction slow; above it the
  // fraction needs under 100 terms and the series would lose digits to 1 - erf.
  private static final double FRACTION_FROM = 1.5;

  private LogErfc() {}

  static double of(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("log erfc of NaN");
    }
    if (x < 0) {
      // erfc(x) = 2 - erfc(-x), which lies in (1, 2]: no cancellation.
      return StrictMath.log(2 - StrictMath.exp(of(-x)));
    }
    if (x < FRACTION_FROM) {
      return StrictMath.log1p(-erf(x));
    }
    return -x * x - LOG_SQRT_PI - StrictMath.log(continuedFraction(x));
  }

  // erf(x) = 2/sqrt(pi) e^(-x^2) sum_n x (2x^2)^n / (1*3*...*(2n+1)) (Abramowitz and Stegun 7.1.6):
  // every term is positive, so nothing cancels.
  private static double erf(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; term > sum * 0x1p-56; n++) {
      term *= 2 * x * x / (2 * n + 1);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * StrictMath.exp(-x * x) * sum;
  }

  // erfc(x) = e^(-x^2)/sqrt(pi) / f with f = x + (1/2)/(x + 1/(x + (3/2)/(x + ...))) (A&S 7.1.14),
  // evaluated by the modified Lentz method.
  private static double continuedFraction(double x) {
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 10_000; n++) {
      double a = n / 2.0;
      d = 1 / (x + a * d);
      c = x + a / c;
      double step = c * d;
      f *= step;
      if (Math.abs(step - 1) < 0x1p-51) {
        return f;
      }
    }
    throw new IllegalStateException("erfc continued fraction did not converge at x = " + x);
  }
}
