package io.fedchain.learning.attack;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import java.util.List;

/**
 * Sends the honest delta negated and scaled, {@code -scale * delta}: gradient ascent on the
 * attacker's own data (the "sign flipping" attack of Damaskinos et al. 2018 and Li et al. 2019,
 * RSA), the scale making it dominate a plain average.
 */
public record SignFlip(float scale) implements Attack {
  public SignFlip {
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("sign-flip scale must be a positive number, got " + scale);
    }
  }

  @Override
  public List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng) {
    return trained.stream().map(d -> Parameters.scale(d, -scale)).toList();
  }

  @Override
  public String toString() {
    return "sign-flip:" + scale;
  }
}
