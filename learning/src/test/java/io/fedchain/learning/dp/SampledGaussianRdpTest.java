package io.fedchain.learning.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampledGaussianRdpTest {
  @Test
  void shouldBeTheGaussianClosedFormWithoutSampling() {
    assertEquals(0.1, SampledGaussianRdp.rdp(1, 10, 20), 1e-15);
    assertEquals(1.25 / 2, SampledGaussianRdp.rdp(1, 1, 1.25), 1e-15);
    assertEquals(512 / (2 * 0.7 * 0.7), SampledGaussianRdp.rdp(1, 0.7, 512), 1e-12);
  }

  @Test
  void shouldSpendNothingWhenNothingIsSampledAndEverythingWithoutNoise() {
    assertEquals(0.0, SampledGaussianRdp.rdp(0, 10, 20));
    assertEquals(0.0, SampledGaussianRdp.rdp(0, 0, 20));
    assertEquals(Double.POSITIVE_INFINITY, SampledGaussianRdp.rdp(0.01, 0, 1.5));
    assertEquals(Double.POSITIVE_INFINITY, SampledGaussianRdp.rdp(1, 0, 2));
  }

  // The binomial sum of Mironov et al. 2019 Section 3.2, here in plain double arithmetic (no logs):
  // fine for these moderate parameters and independent of the log-space code.
  @ParameterizedTest
  @CsvSource({"0.1, 2, 5", "0.01, 2.5, 5", "0.3, 1, 8", "0.05, 0.8, 12", "0.9, 3, 2"})
  void shouldMatchTheDirectBinomialSumAtIntegerOrders(double q, double sigma, int alpha) {
    double a = 0;
    double binomial = 1;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        binomial = binomial * (alpha - k + 1) / k;
      }
      a += binomial * Math.pow(1 - q, alpha - k) * Math.pow(q, k) * Math.exp((k * k - k) / (2 * sigma * sigma));
    }
    double expected = Math.log(a) / (alpha - 1);
    assertEquals(expected, SampledGaussianRdp.rdp(q, sigma, alpha), 1e-10 * expected);
  }

  // A_alpha = E_{z ~ N(0, sigma^2)} [((1 - q) + q exp((2z - 1) / (2 sigma^2)))^alpha] by composite
  // Simpson quadrature: the definition itself, sharing nothing with the series.
  @ParameterizedTest
  @CsvSource({
      "0.5, 1, 1.25", "0.5, 1, 1.75", "0.9, 0.5, 4.5", "0.2, 0.8, 3.5", "0.01, 1, 2.25",
      "0.1, 2, 5", "0.3, 1.5, 7.5"})
  void shouldMatchNumericalIntegrationOfTheDefinition(double q, double sigma, double alpha) {
    double lo = -14 * sigma;
    double hi = alpha + 14 * sigma;
    int intervals = 400_000;
    double h = (hi - lo) / intervals;
    double sum = 0;
    for (int i = 0; i <= intervals; i++) {
      double z = lo + i * h;
      double density = Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
      double ratio = (1 - q) + q * Math.exp((2 * z - 1) / (2 * sigma * sigma));
      double f = density * Math.pow(ratio, alpha);
      sum += (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2) * f;
    }
    double expected = Math.log(sum * h / 3) / (alpha - 1);
    assertEquals(expected, SampledGaussianRdp.rdp(q, sigma, alpha), 1e-9 * expected);
  }

  // At an integer order the fractional series is a finite sum whose two halves add up to the
  // binomial expansion (the erfc tails of each term pair sum to 1): the two code paths must agree.
  @ParameterizedTest
  @CsvSource({"0.01, 1, 2", "0.2, 0.6, 5", "0.7, 3, 11", "1e-4, 0.3, 30"})
  void shouldAgreeBetweenIntegerAndFractionalPathsAtIntegerOrders(double q, double sigma, int alpha) {
    double integer = SampledGaussianRdp.logAIntegerOrder(q, sigma, alpha);
    double fractional = SampledGaussianRdp.logAFractionalOrder(q, sigma, alpha);
    assertEquals(integer, fractional, 1e-12 * Math.max(1, integer));
  }

  @Test
  void shouldBeContinuousInTheOrderAcrossAnInteger() {
    double at = SampledGaussianRdp.rdp(0.05, 1.2, 4);
    assertEquals(at, SampledGaussianRdp.rdp(0.05, 1.2, 4 - 1e-9), 1e-7 * at);
    assertEquals(at, SampledGaussianRdp.rdp(0.05, 1.2, 4 + 1e-9), 1e-7 * at);
  }

  // TF-Privacy rdp_accountant_test (compute_rdp(0.01, 2.5, 50 steps, ...), compute_rdp(0.1, 2, 10,
  // 5)) publishes these to 1e-5; the second column is mpmath at 50 digits (integration for the
  // fractional orders, exact binomial sums for the integer ones), checked to 1e-8 relative.
  @ParameterizedTest
  @CsvSource({
      "0.01, 2.5, 50, 1.5, 0.00065, 1.3001417943760795e-5",
      "0.01, 2.5, 50, 2.5, 0.001085, 2.1708361138362486e-5",
      "0.01, 2.5, 50, 5, 0.00218075, 4.3615131246157617e-5",
      "0.01, 2.5, 50, 50, 0.023846, 4.7692075077412338e-4",
      "0.01, 2.5, 50, 100, 167.416307, 3.3483261509683651",
      "0.1, 2, 10, 5, 0.07737, 7.7369684897958652e-3",
  })
  void shouldMatchPublishedReferenceValues(double q, double sigma, int steps, double order,
      double publishedTotal, double perStep) {
    double rdp = SampledGaussianRdp.rdp(q, sigma, order);
    assertEquals(publishedTotal, steps * rdp, 1e-5);
    assertEquals(perStep, rdp, 1e-8 * perStep);
  }

  @Test
  void shouldNeverGoNegativeWhenTheTrueValueIsTiny() {
    for (double order : new double[] {1.25, 1.5, 1.75, 4.5, 63.5}) {
      assertTrue(SampledGaussianRdp.rdp(1e-9, 1, order) >= 0, "order " + order);
    }
  }

  @Test
  void shouldRejectArgumentsOutsideTheirRangeNamingThem() {
    assertMessage(() -> SampledGaussianRdp.rdp(1.5, 1, 2), "q", "1.5");
    assertMessage(() -> SampledGaussianRdp.rdp(Double.NaN, 1, 2), "q", "NaN");
    assertMessage(() -> SampledGaussianRdp.rdp(0.1, -1, 2), "sigma", "-1.0");
    assertMessage(() -> SampledGaussianRdp.rdp(0.1, 1, 1), "order", "1.0");
    assertMessage(() -> SampledGaussianRdp.rdp(0.1, 1, Double.POSITIVE_INFINITY), "order", "Infinity");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
    var e = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }
  }
}
