package io.fedchain.learning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatasetTest {
  private final Dataset data = new Dataset("tiny", 2, 3, new byte[] {0, (byte) 255, 10, 20, 30, 40},
      new byte[] {2, 0, 1});

  @Test
  void shouldGatherRowsAsFloatsInUnitRange() {
    float[] x = new float[4];
    int[] y = new int[2];
    data.gather(new int[] {2, 0}, 0, 2, x, y);
    assertArrayEquals(new float[] {30 * (1f / 255f), 40 * (1f / 255f), 0f, 1f}, x);
    assertArrayEquals(new int[] {1, 2}, y);
  }

  @Test
  void shouldSubsetAndRelabel() {
    Dataset sub = data.subset("sub", new int[] {1});
    assertEquals(1, sub.size());
    assertEquals(20, sub.pixel(0, 1));
    Dataset flipped = data.relabel("flip", new int[] {2, 1, 0});
    assertArrayEquals(new int[] {0, 2, 1}, flipped.labels());
    assertArrayEquals(new int[] {1, 1, 1}, data.labelCounts());
  }

  @Test
  void shouldRejectLabelOutsideClasses() {
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", 1, 2, new byte[] {1}, new byte[] {2}));
  }

  @Test
  void shouldRejectFeatureCountMismatch() {
    assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", 2, 2, new byte[] {1}, new byte[] {0}));
  }
}
