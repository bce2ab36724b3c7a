package io.fedchain.learning.dp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalUpdate;
import io.fedchain.learning.train.UpdateProducer;
import io.fedchain.learning.util.SeededRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DpUpdateProducerTest {
  private static final float[] GLOBAL = new float[0];

  @Test
  void shouldClipLongDeltasOntoTheBound() {
    SeededRandom rng = new SeededRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      float[] delta = gaussian(rng, 50 + rng.nextInt(5000), 2 + 10 * rng.nextDouble());
      double clipNorm = 0.01 + rng.nextDouble();
      double before = Parameters.l2Norm(delta);
      assertTrue(before > clipNorm, "test vector should need clipping");
      double after = Parameters.l2Norm(DpUpdateProducer.clip(delta, clipNorm));
      assertTrue(after <= clipNorm * (1 + 1e-6), "norm " + after + " over bound " + clipNorm);
      assertTrue(after >= clipNorm * (1 - 1e-6), "norm " + after + " shrunk below bound " + clipNorm);
    }
  }

  @Test
  void shouldPreserveDirectionWhenClipping() {
    float[] delta = gaussian(new SeededRandom(2), 10_000, 3);
    float[] clipped = DpUpdateProducer.clip(delta, 0.5);
    double scale = 0.5 / Parameters.l2Norm(delta);
    double dot = 0;
    for (int i = 0; i < delta.length; i++) {
      // Each coordinate is the scaled original, rounded once to float.
      assertEquals(delta[i] * scale, clipped[i], Math.ulp(clipped[i]), "coordinate " + i);
      assertEquals(Math.signum(delta[i]), Math.signum(clipped[i]), "sign of coordinate " + i);
      dot += (double) delta[i] * clipped[i];
    }
    double cosine = dot / (Parameters.l2Norm(delta) * Parameters.l2Norm(clipped));
    assertTrue(cosine > 1 - 1e-9, "cosine " + cosine);
  }

  @Test
  void shouldLeaveDeltasInsideTheBoundUnchangedBitForBit() {
    float[] inside = {0.1f, -0.2f, 1e-30f, -0f, 0.3f};
    float[] clipped = DpUpdateProducer.clip(inside, 1.0);
    assertArrayEquals(inside, clipped);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(clipped[3]));
    assertNotSame(inside, clipped);

    float[] onTheBound = {3, 4};
    assertArrayEquals(onTheBound, DpUpdateProducer.clip(onTheBound, 5.0));
    assertArrayEquals(new float[3], DpUpdateProducer.clip(new float[3], 1e-9));
  }

  @Test
  void shouldRejectDeltaWithNaNNamingTheIndex() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> DpUpdateProducer.clip(new float[] {1, 2, Float.NaN}, 1.0));
    assertTrue(e.getMessage().contains("index 2") && e.getMessage().contains("NaN"), e.getMessage());

    var producer = new DpUpdateProducer(fixed(new float[] {Float.NEGATIVE_INFINITY}), new DpConfig(1, 1), 1, "a");
    e = assertThrows(IllegalArgumentException.class, () -> producer.produce(GLOBAL, 0));
    assertTrue(e.getMessage().contains("index 0") && e.getMessage().contains("-Infinity"), e.getMessage());
  }

  @Test
  void shouldRejectBadClipNorm() {
    var e = assertThrows(IllegalArgumentException.class, () -> DpUpdateProducer.clip(new float[] {1}, 0));
    assertTrue(e.getMessage().contains("0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DpUpdateProducer.clip(new float[] {1}, Double.NaN));
  }

  @Test
  void shouldAddNoiseOfStdDevSigmaTimesClipNorm() {
    int n = 100_000;
    var producer = new DpUpdateProducer(fixed(new float[n]), new DpConfig(2.0, 1.5), 42, "client-7");
    float[] noised = producer.produce(GLOBAL, 3).delta();
    double expectedStd = 3.0;
    double sum = 0;
    double sumSquares = 0;
    int withinOneStd = 0;
    for (float x : noised) {
      sum += x;
      sumSquares += (double) x * x;
      if (Math.abs(x) <= expectedStd) {
        withinOneStd++;
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(sumSquares / n - mean * mean);
    // Standard errors: 3/sqrt(n) ~ 0.0095 for the mean, 3/sqrt(2n) ~ 0.0067 for the std.
    assertEquals(0, mean, 0.05, "mean");
    assertEquals(expectedStd, std, 0.02 * expectedStd, "std");
    // A normal puts 68.27% within one std; standard error 0.0015.
    assertEquals(0.6827, withinOneStd / (double) n, 0.01, "fraction within one std");
  }

  @Test
  void shouldOnlyClipWhenNoiseMultiplierIsZero() {
    float[] delta = gaussian(new SeededRandom(3), 1000, 1);
    var producer = new DpUpdateProducer(fixed(delta), new DpConfig(0.7, 0), 9, "a");
    assertArrayEquals(DpUpdateProducer.clip(delta, 0.7), producer.produce(GLOBAL, 1).delta());
  }

  @Test
  void shouldReproduceNoiseFromSeedClientAndRound() {
    float[] delta = gaussian(new SeededRandom(4), 2000, 1);
    DpConfig config = new DpConfig(1.0, 1.1);
    float[] first = new DpUpdateProducer(fixed(delta), config, 77, "alice").produce(GLOBAL, 5).delta();
    float[] again = new DpUpdateProducer(fixed(delta), config, 77, "alice").produce(GLOBAL, 5).delta();
    assertArrayEquals(first, again);

    assertFalse(Arrays.equals(first,
        new DpUpdateProducer(fixed(delta), config, 77, "alice").produce(GLOBAL, 6).delta()), "next round");
    assertFalse(Arrays.equals(first,
        new DpUpdateProducer(fixed(delta), config, 77, "bob").produce(GLOBAL, 5).delta()), "other client");
    assertFalse(Arrays.equals(first,
        new DpUpdateProducer(fixed(delta), config, 78, "alice").produce(GLOBAL, 5).delta()), "other seed");
  }

  @Test
  void shouldNeverMutateTheInnerUpdateOrTheGlobalModel() {
    float[] delta = gaussian(new SeededRandom(5), 500, 4);
    float[] deltaCopy = delta.clone();
    float[] global = gaussian(new SeededRandom(6), 500, 1);
    float[] globalCopy = global.clone();
    LocalUpdate inner = new LocalUpdate(delta, 123, 0.25);
    var producer = new DpUpdateProducer((g, r) -> inner, new DpConfig(1.0, 1.0), 1, "a");

    LocalUpdate out = producer.produce(global, 0);

    assertArrayEquals(deltaCopy, delta);
    assertArrayEquals(globalCopy, global);
    assertNotSame(delta, out.delta());
    assertEquals(123, out.numSamples());
    assertEquals(0.25, out.trainLoss());
  }

  @Test
  void shouldReportPreClipNormAndWhetherClippingBit() {
    UpdateProducer inner = fixed(new float[] {3, 4});
    PrivatizedUpdate tight = new DpUpdateProducer(inner, new DpConfig(1, 0), 1, "a").privatize(GLOBAL, 0);
    assertEquals(5.0, tight.preClipNorm());
    assertTrue(tight.clipped());
    assertEquals(1.0, Parameters.l2Norm(tight.update().delta()), 1e-6);

    PrivatizedUpdate loose = new DpUpdateProducer(inner, new DpConfig(10, 0), 1, "a").privatize(GLOBAL, 0);
    assertEquals(5.0, loose.preClipNorm());
    assertFalse(loose.clipped());
  }

  @Test
  void shouldPassTheRoundAndGlobalModelToTheInnerProducer() {
    float[] global = {1, 2};
    int[] seenRound = {-1};
    UpdateProducer inner = (g, r) -> {
      assertTrue(g == global, "inner got another global array");
      seenRound[0] = r;
      return new LocalUpdate(new float[] {0}, 1, 0);
    };
    new DpUpdateProducer(inner, new DpConfig(1, 1), 1, "a").produce(global, 17);
    assertEquals(17, seenRound[0]);
  }

  @Test
  void shouldRejectBlankClientId() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new DpUpdateProducer(fixed(new float[1]), new DpConfig(1, 1), 1, " "));
    assertTrue(e.getMessage().contains("client id"), e.getMessage());
  }

  private static UpdateProducer fixed(float[] delta) {
    return (global, round) -> new LocalUpdate(delta.clone(), 10, 1.0);
  }

  private static float[] gaussian(SeededRandom rng, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (std * rng.nextGaussian());
    }
    return v;
  }
}
