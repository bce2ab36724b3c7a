package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FedAvgTest {
  private final FedAvg fedAvg = new FedAvg();

  @Test
  void shouldWeightBySampleCount() {
    // n = 1, 3, 4; total 8.
    // out[0] = (1*1 + 3*3 + 4*0.5) / 8 = (1 + 9 + 2) / 8 = 1.5
    // out[1] = (1*2 + 3*(-4) + 4*0) / 8 = -10 / 8 = -1.25
    List<WeightedDelta> updates = List.of(
        new WeightedDelta(new float[] {1f, 2f}, 1),
        new WeightedDelta(new float[] {3f, -4f}, 3),
        new WeightedDelta(new float[] {0.5f, 0f}, 4));
    assertArrayEquals(new float[] {1.5f, -1.25f}, fedAvg.aggregate(updates));
  }

  @Test
  void shouldAccumulateInDouble() {
    // Float spacing at 1e8 is 8, so a float accumulator gives 1e8 + 1 = 1e8, then 0, then 0 / 3.
    // In double: 1e8 + 1 - 1e8 = 1, and 1 / 3 rounds to 0.33333334f.
    List<WeightedDelta> updates = Deltas.of(1, new float[] {1e8f}, new float[] {1f}, new float[] {-1e8f});
    assertArrayEquals(new float[] {(float) (1.0 / 3)}, fedAvg.aggregate(updates));
  }

  @Test
  void shouldNotOverflowOnLargeFiniteValues() {
    // MAX + MAX overflows float but not double: (2 * MAX) / 2 = MAX.
    List<WeightedDelta> updates =
        Deltas.of(1, new float[] {Float.MAX_VALUE}, new float[] {Float.MAX_VALUE});
    assertArrayEquals(new float[] {Float.MAX_VALUE}, fedAvg.aggregate(updates));
  }

  @Test
  void shouldDivideByTheTotalRatherThanMultiplyByItsReciprocal() {
    // Found by search: acc = 598 * a + 858 * b, total = 1456. acc / total and acc * (1.0 / total)
    // differ in the last double bit, on either side of a float rounding boundary, so they round to
    // neighbouring floats: 0x1.78ec1cp-3 (division, the rule) and 0x1.78ec1ep-3.
    List<WeightedDelta> updates = List.of(
        new WeightedDelta(new float[] {0x1.a0f88ep-1f}, 598),
        new WeightedDelta(new float[] {-0x1.056b58p-2f}, 858));
    assertArrayEquals(new float[] {0x1.78ec1cp-3f}, fedAvg.aggregate(updates));
  }

  @Test
  void shouldReturnTheDeltaItselfForOneUpdate() {
    float[] d = {0.1f, -7.25f, 3e-20f};
    assertArrayEquals(d, fedAvg.aggregate(List.of(new WeightedDelta(d, 37))));
  }

  @Test
  void shouldRejectSampleCountsThatOverflow() {
    List<WeightedDelta> updates = List.of(
        new WeightedDelta(new float[] {1f}, Long.MAX_VALUE),
        new WeightedDelta(new float[] {1f}, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fedAvg.aggregate(updates));
    assertTrue(e.getMessage().contains("numSamples"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 37, 1000})
  void shouldEqualPlainMeanWithinFloatRoundingWhenWeightsAreEqual(long weight) {
    for (long seed = 0; seed < 20; seed++) {
      SeededRandom rng = new SeededRandom(seed);
      int count = 1 + rng.nextInt(12);
      List<WeightedDelta> updates = new ArrayList<>();
      for (WeightedDelta u : Deltas.gaussian(rng, count, 500)) {
        updates.add(new WeightedDelta(u.delta(), weight));
      }
      float[] out = fedAvg.aggregate(updates);
      for (int j = 0; j < out.length; j++) {
        double sum = 0;
        for (WeightedDelta u : updates) {
          sum += u.delta()[j];
        }
        float mean = (float) (sum / count);
        assertEquals(mean, out[j], Math.ulp(mean), "seed " + seed + ", element " + j);
      }
    }
  }

  @RepeatedTest(10)
  void shouldEqualTheDefinitionComputedOneCoordinateAtATime(RepetitionInfo repetition) {
    // FedAvg loops update by update for speed; the bits must be those of the definition.
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    List<WeightedDelta> updates = Deltas.gaussian(rng, 1 + rng.nextInt(20), 2000);
    float[] expected = new float[2000];
    for (int j = 0; j < expected.length; j++) {
      double weighted = 0;
      long total = 0;
      for (WeightedDelta u : updates) {
        weighted += u.numSamples() * (double) u.delta()[j];
        total += u.numSamples();
      }
      expected[j] = (float) (weighted / total);
    }
    assertArrayEquals(expected, fedAvg.aggregate(updates));
  }
}
