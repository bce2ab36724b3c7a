package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightedDeltaTest {
  @Test
  void shouldRejectNonPositiveSampleCount() {
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> new WeightedDelta(new float[1], 0));
    assertTrue(zero.getMessage().contains("numSamples must be > 0, got 0"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new WeightedDelta(new float[1], -5));
  }

  @Test
  void shouldRejectNullDelta() {
    assertThrows(NullPointerException.class, () -> new WeightedDelta(null, 1));
  }

  @Test
  void shouldCompareByContent() {
    assertEquals(new WeightedDelta(new float[] {1, 2}, 3), new WeightedDelta(new float[] {1, 2}, 3));
    assertEquals(new WeightedDelta(new float[] {1, 2}, 3).hashCode(),
        new WeightedDelta(new float[] {1, 2}, 3).hashCode());
    assertNotEquals(new WeightedDelta(new float[] {1, 2}, 3), new WeightedDelta(new float[] {1, 2}, 4));
    assertNotEquals(new WeightedDelta(new float[] {1, 2}, 3), new WeightedDelta(new float[] {1, 3}, 3));
  }

  @Test
  void shouldNotPrintTheWholeDelta() {
    assertEquals("WeightedDelta[length=100000, numSamples=7]",
        new WeightedDelta(new float[100_000], 7).toString());
  }
}
