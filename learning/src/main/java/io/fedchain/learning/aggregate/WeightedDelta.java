package io.fedchain.learning.aggregate;

import java.util.Arrays;
import java.util.Objects;

/**
 * One client's model delta and the number of samples it trained on, as the chain hands it to an
 * aggregator. The array is not copied: deltas are ~400 KB and aggregators only read them.
 */
public record WeightedDelta(float[] delta, long numSamples) {
  public WeightedDelta {
    Objects.requireNonNull(delta, "delta");
    if (numSamples <= 0) {
      throw new IllegalArgumentException("numSamples must be > 0, got " + numSamples);
    }
  }

  // Records compare arrays by reference; two updates with the same content are the same update.
  @Override
  public boolean equals(Object o) {
    return o instanceof WeightedDelta other
        && numSamples == other.numSamples
        && Arrays.equals(delta, other.delta);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(delta) + Long.hashCode(numSamples);
  }

  @Override
  public String toString() {
    return "WeightedDelta[length=" + delta.length + ", numSamples=" + numSamples + "]";
  }
}
