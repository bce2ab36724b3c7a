package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class KrumTest {
  /**
   * Updates {x, -x} for x = 0, 1, 2, 3, 100, so the squared distance of two updates is 2 * dx^2.
   * With f = 1 each score sums the n - f - 2 = 2 smallest distances:
   * x=0: {2, 8, 18, 20000} -> 10;  x=1: {2, 2, 8, 19602} -> 4;  x=2: {8, 2, 2, 19208} -> 4;
   * x=3: {18, 8, 2, 18818} -> 10;  x=100: {20000, 19602, 19208, 18818} -> 18818 + 19208 = 38026.
   */
  static List<WeightedDelta> fiveOnALine() {
    float[] xs = {0f, 1f, 2f, 3f, 100f};
    List<WeightedDelta> updates = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      updates.add(new WeightedDelta(new float[] {xs[i], -xs[i]}, i + 1));
    }
    return updates;
  }

  @Test
  void shouldScoreBySquaredDistancesToTheClosestNMinusFMinus2() {
    assertArrayEquals(new double[] {10, 4, 4, 10, 38026}, Krum.scores(fiveOnALine(), 1));
  }

  @Test
  void shouldPickTheLowestScoreAndTheLowerIndexOnATie() {
    // Scores {10, 4, 4, 10, 38026}: updates 1 and 2 tie; update 1 wins.
    Krum krum = new Krum(1);
    assertArrayEquals(new int[] {1}, krum.select(fiveOnALine()));
    assertArrayEquals(new float[] {1f, -1f}, krum.aggregate(fiveOnALine()));
  }

  @Test
  void shouldPickTheFirstOfIdenticalUpdates() {
    List<WeightedDelta> same = Deltas.of(5, new float[] {1f}, new float[] {1f}, new float[] {1f},
        new float[] {1f}, new float[] {1f});
    assertArrayEquals(new int[] {0}, new Krum(1).select(same));
  }

  @Test
  void shouldIgnoreSampleCounts() {
    // Same geometry as fiveOnALine, but the outlier claims a huge sample count: still update 1.
    List<WeightedDelta> updates = new ArrayList<>(fiveOnALine());
    updates.set(4, new WeightedDelta(new float[] {100f, -100f}, Long.MAX_VALUE));
    assertArrayEquals(new int[] {1}, new Krum(1).select(updates));
  }

  @Test
  void shouldRequireAtLeast2fPlus3Updates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Krum(2).aggregate(fiveOnALine()));
    assertEquals("Krum with f = 2 needs at least 2f + 3 = 7 updates, got 5; lower f or wait for more updates",
        e.getMessage());
    // n = 5 = 2*1 + 3 is just enough for f = 1.
    assertArrayEquals(new int[] {1}, new Krum(1).select(fiveOnALine()));
  }

  @Test
  void shouldNotOverflowTheMinimumCountForHugeF() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Krum(Integer.MAX_VALUE).aggregate(fiveOnALine()));
    assertTrue(e.getMessage().contains("2f + 3 = 4294967297"), e.getMessage());
  }

  @Test
  void shouldRejectNegativeF() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Krum(-1));
    assertEquals("krum f must be >= 0, got -1", e.getMessage());
  }

  @Test
  void shouldSumOnlyTheClosestDistanceWhenFIsZeroAndNIsThree() {
    // f = 0, n = 3: each score sums n - 2 = 1 distance, the closest. Updates 0, 1, 10 (1-D):
    // x=0: min(1, 100) = 1; x=1: min(1, 81) = 1; x=10: min(100, 81) = 81.
    List<WeightedDelta> updates = Deltas.of(1, new float[] {0f}, new float[] {1f}, new float[] {10f});
    assertArrayEquals(new double[] {1, 1, 81}, Krum.scores(updates, 0));
  }

  @RepeatedTest(30)
  void shouldNeverPickAFarOutlier(RepetitionInfo repetition) {
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int f = 1 + rng.nextInt(4);
    int honest = f + 3 + rng.nextInt(5); // n = honest + f >= 2f + 3
    Krum krum = new Krum(f);
    for (Outliers planted : List.of(Outliers.plant(rng, honest, f, 100),
        Outliers.plantColluding(rng, honest, f, 100))) {
      int picked = krum.select(planted.updates())[0];
      assertFalse(planted.byzantine()[picked], "f = " + f + ": picked byzantine update " + picked);
    }
  }
}
