package io.fedchain.learning.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpAccountantTest {
  @Test
  void shouldUseTfPrivacyOrders() {
    double[] orders = RdpAccountant.rdpOrders();
    assertEquals(72, orders.length);
    assertEquals(1.25, orders[0]);
    assertEquals(4.5, orders[9]);
    assertEquals(5, orders[10]);
    assertEquals(63, orders[68]);
    assertEquals(512, orders[71]);
    for (int i = 1; i < orders.length; i++) {
      assertTrue(orders[i] > orders[i - 1], "orders must increase at " + i);
    }
  }

  // Gaussian mechanism, no sampling: RDP(alpha) = alpha / (2 sigma^2), so the classic conversion is
  // min over the orders of alpha/2 + log(1/delta)/(alpha - 1) for sigma = 1. Over all real alpha its
  // minimum is 1/2 + sqrt(2 log(1/delta)) at alpha = 1 + sqrt(2 log(1/delta)), a lower bound for the
  // grid; the grid (5.5 and 6 around the optimum 5.80) may only lose a little.
  @Test
  void shouldGiveTheClosedFormForTheGaussianMechanism() {
    double delta = 1e-5;
    var accountant = new RdpAccountant();
    accountant.step(1, 1, 1);
    double onGrid = Double.POSITIVE_INFINITY;
    for (double alpha : RdpAccountant.rdpOrders()) {
      onGrid = Math.min(onGrid, alpha / 2 + Math.log(1 / delta) / (alpha - 1));
    }
    double continuous = 0.5 + Math.sqrt(2 * Math.log(1 / delta));
    assertEquals(onGrid, accountant.classicEpsilon(delta), 1e-12);
    assertTrue(onGrid >= continuous && onGrid < continuous + 0.01, onGrid + " vs " + continuous);
    assertTrue(accountant.epsilon(delta) < accountant.classicEpsilon(delta));
  }

  // The exact privacy profile of the Gaussian mechanism with sensitivity 1 and noise sigma (Balle and
  // Wang 2018, "Improving the Gaussian Mechanism for Differential Privacy", Theorem 8):
  // delta(eps) = Phi(1/(2 sigma) - eps sigma) - e^eps Phi(-1/(2 sigma) - eps sigma).
  // The accountant's epsilon must be sound (true delta there at most the target) and not absurdly loose.
  @ParameterizedTest
  @CsvSource({"1, 1e-5", "0.6, 1e-5", "2, 1e-6", "5, 1e-3", "20, 1e-5"})
  void shouldBeSoundAgainstTheExactGaussianPrivacyProfile(double sigma, double delta) {
    var accountant = new RdpAccountant();
    accountant.step(1, sigma, 1);
    double eps = accountant.epsilon(delta);
    double exactDelta = normalCdf(1 / (2 * sigma) - eps * sigma)
        - Math.exp(eps) * normalCdf(-1 / (2 * sigma) - eps * sigma);
    assertTrue(exactDelta <= delta, "eps " + eps + " only gives delta " + exactDelta);
    double looser = eps / 1.5;
    double deltaAtLooser = normalCdf(1 / (2 * sigma) - looser * sigma)
        - Math.exp(looser) * normalCdf(-1 / (2 * sigma) - looser * sigma);
    assertTrue(deltaAtLooser > delta, "eps " + eps + " is more than 1.5x the exact one");
  }

  // TF-Privacy compute_dp_sgd_privacy_test (n, batch, sigma, epochs, delta -> eps, order), computed
  // with these same orders, steps = ceil(epochs * n / batch), q = batch / n and the Balle et al.
  // conversion. An independent mpmath computation reproduces the first two to 1e-13.
  @ParameterizedTest
  @CsvSource({
      "60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19",
      "100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13",
      "100000000, 1024, 0.1, 10, 1e-7, 5907982.3113978775, 1.25",
  })
  void shouldMatchTfPrivacyDpSgdReferenceNumbers(int n, int batch, double sigma, int epochs, double delta,
      double expectedEps, double expectedOrder) {
    var accountant = new RdpAccountant();
    accountant.step((double) batch / n, sigma, (int) Math.ceil((double) epochs * n / batch));
    assertEquals(expectedEps, accountant.epsilon(delta), 1e-9 * expectedEps);
    assertEquals(expectedOrder, accountant.bestOrder(delta));
  }

  // Abadi et al. 2016 MNIST: q = 256/60000, sigma = 1.1, 60 epochs (14063 steps), delta = 1e-5.
  // mpmath (exact integer-order sums, integration at fractional orders) over these orders gives
  // classic 3.0092111729975722 (order 9) and improved 2.5970795196566328 (order 8). TF-Privacy's
  // tutorial prints 2.92 for this run, but that figure is for its table's sigma = 1.12, 14040 steps
  // and orders 1.1..10.9 step 0.1 plus 12..63 (mpmath: 2.9199), so it is not pinned here.
  @Test
  void shouldReproduceTheMnistDpSgdBudget() {
    var accountant = new RdpAccountant();
    accountant.step(256.0 / 60000, 1.1, (int) Math.ceil(60.0 * 60000 / 256));
    assertEquals(3.0092111729975722, accountant.classicEpsilon(1e-5), 1e-9);
    assertEquals(2.5970795196566328, accountant.epsilon(1e-5), 1e-9);
    assertEquals(8, accountant.bestOrder(1e-5));
  }

  // TF-Privacy rdp_accountant_test: RDP 1.1 at every order 2..32 (pure DP) converts at order 32 to
  // eps = 1.1 + log(31/32) - (log(1e-5) + log(32)) / 31 = 1.32783806176.
  @Test
  void shouldConvertAConstantRdpAsPublished() {
    assertEquals(1.32783806176, RdpAccountant.improvedEpsilon(32, 1.1, 1e-5), 1e-10);
    assertEquals(1.1 + Math.log(1e5) / 31, RdpAccountant.classicEpsilon(32, 1.1, 1e-5), 1e-12);
  }

  @Test
  void shouldNeverReportMoreThanTheClassicConversion() {
    for (double q : new double[] {0.001, 0.05, 1}) {
      for (double sigma : new double[] {0.5, 1, 4}) {
        var accountant = new RdpAccountant();
        accountant.step(q, sigma, 100);
        for (double delta : new double[] {1e-3, 1e-5, 1e-9}) {
          assertTrue(accountant.epsilon(delta) <= accountant.classicEpsilon(delta),
              "q " + q + " sigma " + sigma + " delta " + delta);
        }
      }
    }
  }

  @Test
  void shouldGrowWithSteps() {
    double previous = 0;
    for (int steps : new int[] {1, 10, 100, 1000, 10_000}) {
      var accountant = new RdpAccountant();
      accountant.step(0.01, 1.0, steps);
      double eps = accountant.epsilon(1e-5);
      assertTrue(eps > previous, steps + " steps: " + eps + " not above " + previous);
      previous = eps;
    }
  }

  @Test
  void shouldShrinkWithMoreNoise() {
    double previous = Double.POSITIVE_INFINITY;
    for (double sigma : new double[] {0.5, 0.8, 1.1, 2, 5}) {
      var accountant = new RdpAccountant();
      accountant.step(0.01, sigma, 1000);
      double eps = accountant.epsilon(1e-5);
      assertTrue(eps < previous, "sigma " + sigma + ": " + eps + " not below " + previous);
      previous = eps;
    }
  }

  @Test
  void shouldShrinkWithSmallerSamplingRate() {
    double previous = Double.POSITIVE_INFINITY;
    for (double q : new double[] {1, 0.5, 0.1, 0.01, 0.001}) {
      var accountant = new RdpAccountant();
      accountant.step(q, 1.0, 100);
      double eps = accountant.epsilon(1e-5);
      assertTrue(eps < previous, "q " + q + ": " + eps + " not below " + previous);
      previous = eps;
    }
  }

  @Test
  void shouldComposeByAddingRdpOrderByOrder() {
    var split = new RdpAccountant();
    split.step(0.02, 1.3, 300);
    split.step(0.02, 1.3, 700);
    var whole = new RdpAccountant();
    whole.step(0.02, 1.3, 1000);
    double[] wholeRdp = whole.rdp();
    double[] splitRdp = split.rdp();
    for (int i = 0; i < wholeRdp.length; i++) {
      assertEquals(wholeRdp[i], splitRdp[i], 1e-12 * wholeRdp[i], "order index " + i);
    }

    var mixed = new RdpAccountant();
    mixed.step(0.1, 2, 50);
    mixed.step(1, 4, 3);
    double[] orders = RdpAccountant.rdpOrders();
    double[] rdp = mixed.rdp();
    for (int i = 0; i < orders.length; i++) {
      double expected = 50 * SampledGaussianRdp.rdp(0.1, 2, orders[i]) + 3 * orders[i] / (2 * 16);
      assertEquals(expected, rdp[i], 1e-12 * expected, "order " + orders[i]);
    }
  }

  @Test
  void shouldReportNoPrivacyWithoutNoise() {
    var sampled = new RdpAccountant();
    sampled.step(0.01, 1, 10);
    sampled.step(0.01, 0, 1);
    assertEquals(Double.POSITIVE_INFINITY, sampled.epsilon(1e-5));
    assertEquals(Double.POSITIVE_INFINITY, sampled.classicEpsilon(1e-5));
    assertTrue(Double.isNaN(sampled.bestOrder(1e-5)));

    var full = new RdpAccountant();
    full.step(1, 0, 1);
    assertEquals(Double.POSITIVE_INFINITY, full.epsilon(1e-5));
  }

  @Test
  void shouldSpendNothingBeforeAnyStepOrForEmptySteps() {
    var accountant = new RdpAccountant();
    assertEquals(0.0, accountant.epsilon(1e-5));
    accountant.step(0.3, 0, 0); // zero steps without noise: not infinity * 0 = NaN
    accountant.step(0, 1, 1000); // never sampled
    assertEquals(0.0, accountant.epsilon(1e-5));
    assertEquals(0.0, accountant.classicEpsilon(1e-5));
    assertTrue(Double.isNaN(accountant.bestOrder(1e-5)));
  }

  @Test
  void shouldRejectBadArgumentsNamingThem() {
    var accountant = new RdpAccountant();
    assertMessage(() -> accountant.epsilon(0), "delta", "0.0");
    assertMessage(() -> accountant.epsilon(1), "delta", "1.0");
    assertMessage(() -> accountant.bestOrder(Double.NaN), "delta", "NaN");
    assertMessage(() -> accountant.step(0.1, 1, -1), "steps", "-1");
    assertMessage(() -> accountant.step(-0.1, 1, 1), "q", "-0.1");
    assertMessage(() -> accountant.step(0.1, -2, 0), "sigma", "-2.0");
  }

  private static double normalCdf(double x) {
    return Math.exp(LogErfc.of(-x / Math.sqrt(2))) / 2;
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
    var e = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }
  }
}
