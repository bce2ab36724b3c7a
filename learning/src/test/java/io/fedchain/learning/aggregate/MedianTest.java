package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fedchain.learning.util.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MedianTest {
  private final Median median = new Median();

  @Test
  void shouldTakeMiddleValueOfAnOddCount() {
    // Element 0: {3, 1, 4, 1, 5} sorts to 1 1 [3] 4 5 -> 3.
    // Element 1: {-2, 0.5, 9, -7, 0} sorts to -7 -2 [0] 0.5 9 -> 0.
    List<WeightedDelta> updates = Deltas.of(1,
        new float[] {3f, -2f}, new float[] {1f, 0.5f}, new float[] {4f, 9f},
        new float[] {1f, -7f}, new float[] {5f, 0f});
    assertArrayEquals(new float[] {3f, 0f}, median.aggregate(updates));
  }

  @Test
  void shouldAverageTheTwoMiddleValuesOfAnEvenCount() {
    // Element 0: {3, 1, 4, 1} sorts to 1 [1 3] 4 -> (1 + 3) / 2 = 2.
    // Element 1: {0.5, 0.25, -5, 5} sorts to -5 [0.25 0.5] 5 -> 0.75 / 2 = 0.375.
    List<WeightedDelta> updates = Deltas.of(1,
        new float[] {3f, 0.5f}, new float[] {1f, 0.25f}, new float[] {4f, -5f}, new float[] {1f, 5f});
    assertArrayEquals(new float[] {2f, 0.375f}, median.aggregate(updates));
  }

  @Test
  void shouldNotOverflowWhenAveragingLargeMiddleValues() {
    // In float, MAX + MAX is infinite; in double, (MAX + MAX) / 2 = MAX.
    List<WeightedDelta> updates = Deltas.of(1, new float[] {Float.MAX_VALUE}, new float[] {Float.MAX_VALUE});
    assertArrayEquals(new float[] {Float.MAX_VALUE}, median.aggregate(updates));
  }

  @Test
  void shouldIgnoreSampleCounts() {
    // Unweighted: median of {0, 1, 2} is 1; weighting by samples (1000, 1, 1) would give 0.
    List<WeightedDelta> updates = List.of(
        new WeightedDelta(new float[] {0f}, 1000),
        new WeightedDelta(new float[] {1f}, 1),
        new WeightedDelta(new float[] {2f}, 1));
    assertArrayEquals(new float[] {1f}, median.aggregate(updates));
  }

  @RepeatedTest(30)
  void shouldNotDependOnListOrder(RepetitionInfo repetition) {
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int n = 1 + rng.nextInt(15);
    List<WeightedDelta> updates = Deltas.gaussian(rng, n, 300);
    List<WeightedDelta> shuffled = Deltas.permuted(updates, rng.permutation(n));
    assertArrayEquals(median.aggregate(updates), median.aggregate(shuffled), "n = " + n);
  }

  @RepeatedTest(30)
  void shouldStayInTheHonestRangeDespiteHugeOutliers(RepetitionInfo repetition) {
    // Any f < n / 2 outliers, however large, leave the median between honest values.
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int f = 1 + rng.nextInt(4);
    Outliers planted = Outliers.plant(rng, f + 1 + rng.nextInt(5), f, 200);
    planted.assertWithinHonestRange(median.aggregate(planted.updates()), "f = " + f);
  }
}
