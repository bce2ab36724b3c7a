package io.fedchain.learning.attack;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the delta with Gaussian noise {@code N(0, sigma^2)} per coordinate (the "Gaussian
 * attack" of Blanchard et al. 2017 and Fang et al. 2020): a member that sends garbage.
 */
public record GaussianNoise(double sigma) implements Attack {
  public GaussianNoise {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("noise sigma must be a positive number, got " + sigma);
    }
  }

  @Override
  public List<float[]> tamper(List<float[]> trained, int totalClients, SeededRandom rng) {
    List<float[]> out = new ArrayList<>(trained.size());
    for (float[] d : trained) {
      float[] noise = new float[d.length];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) (rng.nextGaussian() * sigma);
      }
      out.add(noise);
    }
    return out;
  }

  @Override
  public String toString() {
    return "noise:" + sigma;
  }
}
