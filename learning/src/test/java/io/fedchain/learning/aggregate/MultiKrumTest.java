package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedchain.learning.util.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MultiKrumTest {
  @Test
  void shouldAverageTheMLowestScoresBySampleCount() {
    // KrumTest.fiveOnALine: updates {x, -x} for x = 0, 1, 2, 3, 100 with n = 1..5 and
    // f = 1 scores {10, 4, 4, 10, 38026}. m = 3 keeps 1 and 2, then 0 over 3 (tie, lower index).
    // Sample-weighted: (1*0 + 2*1 + 3*2) / (1 + 2 + 3) = 8 / 6.
    MultiKrum multiKrum = new MultiKrum(1, 3);
    assertArrayEquals(new int[] {0, 1, 2}, multiKrum.select(KrumTest.fiveOnALine()));
    assertArrayEquals(new float[] {(float) (8.0 / 6), (float) (-8.0 / 6)},
        multiKrum.aggregate(KrumTest.fiveOnALine()));
  }

  @Test
  void shouldReturnSelectedIndicesInListOrder() {
    // Scores {10, 4, 4, 10, 38026}: by score the order is 1, 2, 0; reported ascending.
    assertArrayEquals(new int[] {0, 1, 2, 3}, new MultiKrum(1, 4).select(KrumTest.fiveOnALine()));
  }

  @Test
  void shouldRejectMoreKeptThanGiven() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiKrum(1, 6).aggregate(KrumTest.fiveOnALine()));
    assertEquals("multi-krum:1:6 keeps 6 updates but got only 5", e.getMessage());
  }

  @Test
  void shouldRequireAtLeast2fPlus3Updates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiKrum(2, 1).aggregate(KrumTest.fiveOnALine()));
    assertEquals("Krum with f = 2 needs at least 2f + 3 = 7 updates, got 5; lower f or wait for more updates",
        e.getMessage());
  }

  @Test
  void shouldRejectBadParameters() {
    assertEquals("multi-krum f must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new MultiKrum(-1, 3)).getMessage());
    assertEquals("multi-krum m must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new MultiKrum(1, 0)).getMessage());
  }

  @RepeatedTest(20)
  void shouldEqualFedAvgWhenKeepingEveryUpdate(RepetitionInfo repetition) {
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int f = rng.nextInt(3);
    int n = 2 * f + 3 + rng.nextInt(5);
    List<WeightedDelta> updates = Deltas.gaussian(rng, n, 300);
    assertArrayEquals(new FedAvg().aggregate(updates), new MultiKrum(f, n).aggregate(updates));
  }

  @RepeatedTest(30)
  void shouldKeepExactlyTheHonestUpdatesWhenMIsNMinusF(RepetitionInfo repetition) {
    SeededRandom rng = new SeededRandom(repetition.getCurrentRepetition());
    int f = 1 + rng.nextInt(4);
    int honest = f + 3 + rng.nextInt(5);
    MultiKrum multiKrum = new MultiKrum(f, honest);
    for (Outliers planted : List.of(Outliers.plant(rng, honest, f, 100),
        Outliers.plantColluding(rng, honest, f, 100))) {
      assertArrayEquals(planted.honestIndices(), multiKrum.select(planted.updates()), "f = " + f);
    }
  }
}
