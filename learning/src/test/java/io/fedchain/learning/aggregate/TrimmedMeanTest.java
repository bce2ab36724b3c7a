package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrimmedMeanTest {
  private static TrimmedMean trimmedMean(String beta) {
    return new TrimmedMean(new BigDecimal(beta));
  }

  @Test
  void shouldDropTheSmallestAndLargestValues() {
    // n = 5, beta = 0.2: k = floor(1.0) = 1 value dropped at each end.
    // Element 0: {10, -50, 1, 2, 3} sorts to -50 [1 2 3] 10 -> 6 / 3 = 2.
    // Element 1: {0.5, 0.25, 0, 1, 100} sorts to 0 [0.25 0.5 1] 100 -> 1.75 / 3 = 0.58333333...
    List<WeightedDelta> updates = Deltas.of(1,
        new float[] {10f, 0.5f}, new float[] {-50f, 0.25f}, new float[] {1f, 0f},
        new float[] {2f, 1f}, new float[] {3f, 100f});
    assertArrayEquals(new float[] {2f, (float) (1.75 / 3)}, trimmedMean("0.2").aggregate(updates));
  }

  @Test
  void shouldBeThePlainUnweightedMeanWhenBetaIsZero() {
    // (1 + 2 + 4) / 3 = 7 / 3, whatever the sample counts.
    List<WeightedDelta> updates = List.of(
        new WeightedDelta(new float[] {1f}, 1000),
        new WeightedDelta(new float[] {2f}, 1),
        new WeightedDelta(new float[] {4f}, 7));
    assertArrayEquals(new float[] {(float) (7.0 / 3)}, trimmedMean("0").aggregate(updates));
  }

  @ParameterizedTest
  @CsvSource({"0, 10, 0", "0.2, 7, 1", "0.25, 4, 1", "0.25, 3, 0", "0.29, 100, 29", "0.49, 100, 49",
      "0.1, 9, 0", "0.1, 10, 1"})
  void shouldTrimFloorOfBetaTimesN(String beta, int n, int k) {
    assertEquals(k, trimmedMean(beta).trimCount(n));
  }

  @Test
  void shouldRejectANegativeUpdateCount() {
    assertThrows(IllegalArgumentException.class, () -> trimmedMean("0.1").trimCount(-1));
  }

  @Test
  void shouldComputeTheTrimCountInExactDecimal() {
    // beta = 0.29, n = 100: k = 29 (in double, 0.29 * 100 = 28.999999999999996 would give 28).
    // Values i^2 for i = 0..99; keeping i = 29..70 gives
    // (sum_{0..70} i^2 - sum_{0..28} i^2) / 42 = (116795 - 7714) / 42 = 109081 / 42.
    // Trimming 28 instead would give (121836 - 6930) / 44 = 2611.5.
    List<WeightedDelta> updates = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      updates.add(new WeightedDelta(new float[] {i * i}, 1));
    }
    assertArrayEquals(new float[] {(float) (109081.0 / 42)}, trimmedMean("0.29").aggregate(updates));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "0.5", "0.50", "0.7", "1"})
  void shouldRejectBetaOutsideZeroToHalf(String beta) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trimmedMean(beta));
    assertTrue(e.getMessage().contains("beta must be in [0, 0.5), got " + beta), e.getMessage());
  }

  @Test
  void shouldHaveOneNamePerValue() {
    assertEquals("trimmed-mean:0.1", trimmedMean("0.10").name());
    assertEquals(trimmedMean("0.1"), trimmedMean("0.100"));
    assertEquals("trimmed-mean:0", trimmedMean("0.000").name());
    assertEquals("trimmed-mean:0.25", trimmedMean("2.5E-1").name());
  }

  @RepeatedTest(30)
  void shouldNotDependOnListOrder(RepetitionInfo repetition) {
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int n = 1 + rng.nextInt(15);
    TrimmedMean rule = trimmedMean(String.valueOf(rng.nextInt(50) / 100.0));
    List<WeightedDelta> updates = Deltas.gaussian(rng, n, 300);
    List<WeightedDelta> shuffled = Deltas.permuted(updates, rng.permutation(n));
    assertArrayEquals(rule.aggregate(updates), rule.aggregate(shuffled), rule.name() + ", n = " + n);
  }

  @RepeatedTest(30)
  void shouldStayInTheHonestRangeWhenTrimmingAtLeastTheOutliers(RepetitionInfo repetition) {
    // With k >= f, every kept value at each coordinate lies between honest values.
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int f = 1 + rng.nextInt(3);
    Outliers planted = Outliers.plant(rng, 3 * f + 1 + rng.nextInt(4), f, 200);
    int n = planted.updates().size();
    // The smallest hundredth with floor(beta * n) >= f.
    BigDecimal beta = BigDecimal.valueOf((100 * f + n - 1) / n, 2);
    TrimmedMean rule = new TrimmedMean(beta);
    assertTrue(rule.trimCount(n) >= f);
    planted.assertWithinHonestRange(rule.aggregate(planted.updates()), rule.name() + ", f = " + f);
  }
}
