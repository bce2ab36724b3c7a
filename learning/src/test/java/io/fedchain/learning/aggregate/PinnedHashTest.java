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
 *
 * <p>On well-conditioned inputs a reordered double sum almost never changes the float result, yet
 * it would on some element of some round. So the rules also run on ill-conditioned inputs, where
 * two updates carry values near +-1e9 that cancel: the double rounding error of the partial sums
 * then reaches the float result, and any change of summation order shows.
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

  /** {@link #inputs} with +-B[j], B[j] ~ N(0, 1e9^2), added to updates 1 and 4, equally weighted. */
  private static List<WeightedDelta> illConditionedInputs() {
    List<WeightedDelta> updates = new ArrayList<>(inputs());
    SeededRandom rng = new SeededRandom(43);
    float[] plus = updates.get(1).delta().clone();
    float[] minus = updates.get(4).delta().clone();
    for (int j = 0; j < plus.length; j++) {
      double big = rng.nextGaussian() * 1e9;
      plus[j] += big;
      minus[j] -= big;
    }
    updates.set(1, new WeightedDelta(plus, 500));
    updates.set(4, new WeightedDelta(minus, 500));
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

  @ParameterizedTest
  @CsvSource({
      "fedavg, 4767e5beaf7df2c5cba74bd16fa7c50f1382c27c5a17289b127874f446a44ddd",
      "median, 37f447a95b830b1813737797ed69d21abe1f19e8f19b0082859e433ee3710714",
      "trimmed-mean:0, 4c43ea56871d5e0a8a8f544b2d7435e63c29c37158cba1471aec36cb5c39a457",
      "krum:2, 1d17e1f1aff4ae088dbd5d0a5b02656e0cf1bcc749db32a52b4d34771eb8c756",
      "multi-krum:2:5, 849b0bdb797d88821874996f7579f9e98c357507bac754d66bc7890a0b47216b"})
  void shouldKeepTheAggregateBitsOnIllConditionedInputs(String spec, String sha256) {
    assertEquals(sha256,
        Parameters.hex(Parameters.sha256(Aggregator.parse(spec).aggregate(illConditionedInputs()))), spec);
  }

  @Test
  void shouldKeepTheKrumScoreBits() {
    // Exact doubles: the scores sum 10,000 squared differences, so any reordering changes them.
    assertArrayEquals(new double[] {5.899245358170926, 5.9305601030452255, 5.917505781813383,
        5.95310919440882, 6.032743858897143, 6.021506928405275, 5.953232456765825},
        Krum.scores(inputs(), 2));
    assertArrayEquals(new double[] {5.955158763411429, 2.9689392606708305E22, 5.917505781813383,
        5.990614336004802, 2.9689392606709576E22, 6.045037849311419, 5.969712178095038},
        Krum.scores(illConditionedInputs(), 2));
    assertArrayEquals(new int[] {0, 2, 3, 5, 6}, new MultiKrum(2, 5).select(illConditionedInputs()));
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
