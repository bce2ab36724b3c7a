package io.fedchain.learning.codec;

import io.fedchain.learning.model.Parameters;
import java.util.Objects;

/**
 * Error feedback for a lossy codec, kept by the client across rounds: each round it encodes
 * {@code delta + residual} and keeps as the new residual what the codec lost,
 * {@code (delta + residual) - decode(encoded)}. What top-k drops or int8 rounds away is then sent
 * in a later round instead of vanishing, which is what lets aggressive sparsification converge
 * like uncompressed SGD (Seide et al. 2014, "1-bit stochastic gradient descent and its application
 * to data-parallel distributed training of speech DNNs"; Stich, Cordonnier, Jaggi 2018,
 * "Sparsified SGD with memory").
 *
 * <p>Client-side only: validators decode the bytes as they are and never see the residual. Not
 * thread-safe: one instance per client.
 */
public final class ErrorFeedback {
  private final DeltaCodec codec;
  private final float[] residual;

  public ErrorFeedback(DeltaCodec codec, int length) {
    this.codec = Objects.requireNonNull(codec, "codec");
    if (length < 0) {
      throw new IllegalArgumentException("delta length must not be negative, got " + length);
    }
    this.residual = new float[length];
  }

  /**
   * Encodes {@code delta} plus the carried residual and updates the residual. On an exception the
   * residual is unchanged.
   */
  public byte[] encode(float[] delta) {
    Objects.requireNonNull(delta, "delta");
    if (delta.length != residual.length) {
      throw new IllegalArgumentException("delta has " + delta.length + " elements, but this error feedback"
          + " carries a residual of " + residual.length);
    }
    float[] corrected = Parameters.add(delta, residual);
    int bad = Parameters.firstNonFinite(corrected);
    if (bad >= 0) {
      throw new IllegalArgumentException("delta[" + bad + "] + residual = " + delta[bad] + " + " + residual[bad]
          + " is not finite; a delta must be finite");
    }
    byte[] encoded = codec.encode(corrected);
    float[] sent = codec.decode(encoded, corrected.length);
    for (int i = 0; i < residual.length; i++) {
      residual[i] = corrected[i] - sent[i];
    }
    return encoded;
  }

  public float[] residual() {
    return residual.clone();
  }

  public DeltaCodec codec() {
    return codec;
  }
}
