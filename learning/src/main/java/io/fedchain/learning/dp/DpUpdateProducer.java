package io.fedchain.learning.dp;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalUpdate;
import io.fedchain.learning.train.UpdateProducer;
import io.fedchain.learning.util.SeededRandom;
import java.util.Objects;

/**
 * Client-side differential privacy as a decorator over any {@link UpdateProducer}: the delta is
 * clipped to L2 norm C and every coordinate gets N(0, (sigma*C)^2) noise before the update leaves
 * the client. This is the Gaussian mechanism applied to one client's whole update, the user-level
 * notion of McMahan et al. 2018, "Learning Differentially Private Recurrent Language Models" (as
 * Flower's client-side fixed clipping, but with the noise added here: on fedchain every delta is
 * gossiped and stored on the chain, so noise added after sharing would protect nothing).
 *
 * <p>The noise stream is fixed by (seed, client, round) so a run can be replayed. Whoever knows that
 * seed can regenerate the noise and subtract it, so outside simulation it must be a secret of the
 * client, never a seed other members know such as the genesis or experiment seed.
 *
 * <p>Only the delta is protected: the sample count and training loss pass through as the inner
 * producer made them.
 */
public final class DpUpdateProducer implements UpdateProducer {
  private final UpdateProducer inner;
  private final DpConfig config;
  private final long secretSeed;
  private final String clientId;

  public DpUpdateProducer(UpdateProducer inner, DpConfig config, long secretSeed, String clientId) {
    this.inner = Objects.requireNonNull(inner, "inner producer");
    this.config = Objects.requireNonNull(config, "DP config");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("DP noise needs a client id to pick its stream, got '" + clientId + "'");
    }
    this.secretSeed = secretSeed;
    this.clientId = clientId;
  }

  @Override
  public LocalUpdate produce(float[] global, int round) {
    return privatize(global, round).update();
  }

  /** As {@link #produce}, also telling the delta's norm before clipping. */
  public PrivatizedUpdate privatize(float[] global, int round) {
    LocalUpdate raw = inner.produce(global, round);
    double clipNorm = config.clipNorm();
    double norm = finiteNorm(raw.delta());
    float[] out = clip(raw.delta(), norm, clipNorm);
    double std = config.noiseStdDev();
    if (std > 0) {
      SeededRandom noise = SeededRandom.of(secretSeed, "dp-noise/" + clientId, round);
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (out[i] + std * noise.nextGaussian());
      }
    }
    return new PrivatizedUpdate(new LocalUpdate(out, raw.numSamples(), raw.trainLoss()), norm, clipNorm);
  }

  /**
   * A copy of {@code delta} scaled by {@code min(1, clipNorm / ||delta||)}. A delta already within
   * the bound comes back with the same bits; a scaled one may exceed the bound by float rounding
   * (about one part in 10^7).
   */
  public static float[] clip(float[] delta, double clipNorm) {
    if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
      throw new IllegalArgumentException("clip norm must be a positive number, got " + clipNorm);
    }
    return clip(delta, finiteNorm(delta), clipNorm);
  }

  private static float[] clip(float[] delta, double norm, double clipNorm) {
    if (norm <= clipNorm) {
      return delta.clone();
    }
    double scale = clipNorm / norm;
    float[] out = new float[delta.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (delta[i] * scale);
    }
    return out;
  }

  // A NaN norm would compare as "within the bound" and the delta would be shared unclipped.
  private static double finiteNorm(float[] delta) {
    int bad = Parameters.firstNonFinite(delta);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "cannot clip a delta with a non-finite value: " + delta[bad] + " at index " + bad);
    }
    return Parameters.l2Norm(delta);
  }
}
