package io.fedchain.learning.attack;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import java.util.List;

/**
 * Boosts the delta by a factor (the "model replacement" scaling of Bagdasaryan et al. 2020, "How To
 * Backdoor Federated Learning"): harmless in direction, harmful in size, so it tests norm-blind
 * defences.
 */
public record Scaling(float factor) implements Attack {
  public Scaling {
    if (!Float.isFinite(factor) || factor == 0) {
      throw new IllegalArgumentException("scaling factor must be a non-zero number, got " + factor);
    }
  }

  @Override
  public List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng) {
    return trained.stream().map(d -> Parameters.scale(d, factor)).toList();
  }

  @Override
  public String toString() {
    return "scale:" + factor;
  }
}
