package io.fedchain.learning.dp;

import java.util.Objects;

/**
 * How a client privatizes its update before sharing it.
 *
 * @param clipNorm C: a shared delta's L2 norm is at most this
 * @param noiseMultiplier sigma: each coordinate gets Gaussian noise of standard deviation
 *     {@code sigma * C}; 0 clips without noise, which gives no privacy
 */
public record DpConfig(double clipNorm, double noiseMultiplier) {
  private static final String FORM = "clip=<C>,noise=<sigma>, e.g. clip=1.0,noise=1.1";

  public DpConfig {
    if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
      throw new IllegalArgumentException("DP clip norm must be a positive number, got " + clipNorm);
    }
    if (!(noiseMultiplier >= 0) || !Double.isFinite(noiseMultiplier)) {
      throw new IllegalArgumentException("DP noise multiplier must be a number >= 0, got " + noiseMultiplier);
    }
  }

  public double noiseStdDev() {
    return noiseMultiplier * clipNorm;
  }

  /** Reads the command-line form {@code clip=1.0,noise=1.1}; keys in any order, both required. */
  public static DpConfig parse(String text) {
    Objects.requireNonNull(text, "DP config text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("DP config is empty; expected " + FORM);
    }
    Double clip = null;
    Double noise = null;
    for (String rawPart : text.split(",", -1)) {
      String part = rawPart.strip();
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "DP config part '" + part + "' in '" + text + "' is not key=value; expected " + FORM);
      }
      String key = part.substring(0, eq).strip();
      double value = number(part, part.substring(eq + 1).strip(), text);
      switch (key) {
        case "clip" -> {
          if (clip != null) {
            throw new IllegalArgumentException("DP config '" + text + "' sets clip twice; expected " + FORM);
          }
          clip = value;
        }
        case "noise" -> {
          if (noise != null) {
            throw new IllegalArgumentException("DP config '" + text + "' sets noise twice; expected " + FORM);
          }
          noise = value;
        }
        default -> throw new IllegalArgumentException(
            "DP config part '" + part + "' in '" + text + "' has unknown key '" + key + "'; expected " + FORM);
      }
    }
    if (clip == null || noise == null) {
      throw new IllegalArgumentException(
          "DP config '" + text + "' has no " + (clip == null ? "clip" : "noise") + "=...; expected " + FORM);
    }
    try {
      return new DpConfig(clip, noise);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DP config '" + text + "': " + e.getMessage(), e);
    }
  }

  private static double number(String part, String value, String text) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "DP config part '" + part + "' in '" + text + "' has no number after '='; expected " + FORM, e);
    }
  }
}
