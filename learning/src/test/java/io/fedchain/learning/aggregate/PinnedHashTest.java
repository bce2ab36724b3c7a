package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every validator must compute the same aggregate bits, today and after any refactoring. These
 * hashes were computed once from the code at the time of writing; a failure means the result of a
 * rule changed (operation order, rounding, tie-breaking), which is a consensus change, not a
 * clean-up. If {@link #shouldGenerateTheSameInputs} fails too, the inputs changed instead.
 */
class PinnedHashTest {
  /** 7 deltas of 10,000 elements, N(0, 0.01^2), numSamples in [1, 1000]. Do not change. */
  private static List<WeightedDelta> inputs() {
    SeededRandom rng = new SeededRandom(42);
    List<WeightedDelta> updates = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long numSamples = 1 + rng.nextInt(1000);
      float[] delta = new float[10_000];
      for (int j = 0; j < delta.length; j++) {
        delta[j] = (float) (rng.nextGaussian() * 0.01);
      }
      updates.add(new WeightedDelta(delta, numSamples));
    }
    return updates;
  }

  @Test
  void shouldGenerateTheSameInputs() {
    MessageDigest md = Parameters.sha256();
    for (WeightedDelta u : inputs()) {
      md.update(Parameters.sha256(u.delta()));
      md.update(Long.toString(u.numSamples()).getBytes(StandardCharsets.US_ASCII));
    }
    assertEquals("948b6a384131ba82a4392ecd141f05f98ae5bcf0144ddc2d2056e25cf97283dc",
        Parameters.hex(md.digest()));
  }

  @ParameterizedTest
  @CsvSource({
      "fedavg, be0e462d7f11c3bac2cfbd46e06ed95199d6e3506eccf65077e75082f7a32cfa",
      "median, 576755fb254d95aadc4e700af0a66259f66f62ecffcf11f9c8a2848e8fb6c673",
      "trimmed-mean:0.2, edabc46cd140ce83fafced1cdd5b271f244f88698ba156e71b035cd50da38eac",
      "trimmed-mean:0.3, 8fbdea83a67afe6af3f1f4cc2e5934b177067848637b80015013d5b756c8083f",
      "krum:2, de4f6c982d386f42d324004594034389bb70da0b095110b343c2f3d9ddf97788",
      "multi-krum:2:4, 1c935c73f2aed267aa694f012e5cdfbc1c553bc8cf91f2f963d4e9d26d3ef333"})
  void shouldKeepTheAggregateBits(String spec, String sha256) {
    assertEquals(sha256, Parameters.hex(Parameters.sha256(Aggregator.parse(spec).aggregate(inputs()))), spec);
  }

  @Test
  void shouldKeepTheEvenCountMedianBits() {
    List<WeightedDelta> six = inputs().subList(0, 6);
    assertEquals("a96163f0ca71788a7de2d7d8724cb4d1b0c8dd4bd08838b841ff55289a25a159",
        Parameters.hex(Parameters.sha256(new Median().aggregate(six))));
  }

  @Test
  void shouldKeepTheKrumSelections() {
    // Scores 5.8992, 5.9306, 5.9175, 5.95311, 6.0327, 6.0215, 5.95323: update 3 beats 6 narrowly.
    assertArrayEquals(new int[] {0}, new Krum(2).select(inputs()));
    assertArrayEquals(new int[] {0, 1, 2, 3}, new MultiKrum(2, 4).select(inputs()));
  }
}
