package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.util.SeededRandom;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every aggregator promises, whatever its rule. */
class AggregatorContractTest {
  static Stream<Aggregator> aggregators() {
    return Stream.of(new FedAvg(), new Median(), new TrimmedMean(new BigDecimal("0.2")), new Krum(1),
        new MultiKrum(1, 4));
  }

  /** Enough updates for every rule above (Krum with f = 1 needs 5). */
  private static List<WeightedDelta> valid() {
    return Deltas.gaussian(new SeededRandom(3), 7, 64);
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldRejectEmptyList(Aggregator aggregator) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> aggregator.aggregate(List.of()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldRejectMismatchedLengths(Aggregator aggregator) {
    List<WeightedDelta> updates = new ArrayList<>(valid());
    updates.set(4, new WeightedDelta(new float[63], 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> aggregator.aggregate(updates));
    assertTrue(e.getMessage().contains("update 4 has 63 elements but update 0 has 64"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldRejectNaN(Aggregator aggregator) {
    assertRejectsNonFinite(aggregator, Float.NaN, "NaN");
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldRejectInfinity(Aggregator aggregator) {
    assertRejectsNonFinite(aggregator, Float.POSITIVE_INFINITY, "Infinity");
    assertRejectsNonFinite(aggregator, Float.NEGATIVE_INFINITY, "-Infinity");
  }

  private static void assertRejectsNonFinite(Aggregator aggregator, float bad, String shown) {
    List<WeightedDelta> updates = Deltas.deepCopy(valid());
    updates.get(2).delta()[17] = bad;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> aggregator.aggregate(updates));
    assertTrue(e.getMessage().contains("update 2 has a non-finite value (" + shown + ") at element 17"),
        e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldRejectNullUpdate(Aggregator aggregator) {
    List<WeightedDelta> updates = new ArrayList<>(valid());
    updates.set(1, null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> aggregator.aggregate(updates));
    assertTrue(e.getMessage().contains("update 1 is null"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldLeaveInputsUnchanged(Aggregator aggregator) {
    for (long seed = 0; seed < 10; seed++) {
      SeededRandom rng = new SeededRandom(seed);
      List<WeightedDelta> updates = Deltas.gaussian(rng, 7 + rng.nextInt(6), 1000);
      List<WeightedDelta> before = Deltas.deepCopy(updates);
      float[] out = aggregator.aggregate(updates);
      assertEquals(before, updates, "seed " + seed);
      for (WeightedDelta u : updates) {
        assertTrue(out != u.delta(), "the result must be a new array, not an input");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("aggregators")
  void shouldGiveIdenticalBitsOnEveryCall(Aggregator aggregator) {
    for (long seed = 0; seed < 10; seed++) {
      SeededRandom rng = new SeededRandom(seed);
      List<WeightedDelta> updates = Deltas.gaussian(rng, 7 + rng.nextInt(6), 1000);
      float[] first = aggregator.aggregate(updates);
      float[] second = aggregator.aggregate(Deltas.deepCopy(updates));
      assertArrayEquals(first, second, "seed " + seed);
    }
  }
}
