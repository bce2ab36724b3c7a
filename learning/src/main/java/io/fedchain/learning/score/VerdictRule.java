package io.fedchain.learning.score;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a validator turns its scores of a round's updates into yes/no votes.
 *
 * <p>{@code relative:<eps>} (the default) accepts an update whose accuracy gain is at most
 * {@code eps} below the median gain of the round's updates on this validator's data. Judging an
 * update against its peers, not only against the base model, matters twice over (see FACTS,
 * calibration of the validation filter): in round 1 the base model is at chance, so a poisoned
 * update "loses nothing" in absolute terms; and with non-IID data every honest update moves the
 * model towards its owner's classes, so an absolute threshold rejects honest updates whose owner's
 * classes differ from the validator's.
 *
 * <p>{@code absolute:<eps>} accepts an update whose gain is at least {@code -eps}.
 */
public sealed interface VerdictRule permits VerdictRule.Relative, VerdictRule.Absolute {

  /** One vote per score, in the same order. */
  boolean[] votes(List<ValidationScore> scores);

  double epsilon();

  static VerdictRule parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    double eps = 0.05;
    if (colon >= 0) {
      try {
        eps = Double.parseDouble(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad verdict rule '" + text + "': epsilon is not a number");
      }
    }
    return switch (kind) {
      case "relative" -> new Relative(eps);
      case "absolute" -> new Absolute(eps);
      default -> throw new IllegalArgumentException("unknown verdict rule '" + text
          + "': expected relative[:eps] or absolute[:eps], e.g. relative:0.05");
    };
  }

  private static void checkEpsilon(double eps) {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("epsilon must be in [0, 1] (an accuracy difference), got " + eps);
    }
  }

  record Relative(double epsilon) implements VerdictRule {
    public Relative {
      checkEpsilon(epsilon);
    }

    @Override
    public boolean[] votes(List<ValidationScore> scores) {
      boolean[] out = new boolean[scores.size()];
      if (scores.isEmpty()) {
        return out;
      }
      double[] gains = scores.stream().mapToDouble(ValidationScore::accuracyGain).toArray();
      double[] sorted = gains.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      for (int i = 0; i < n; i++) {
        out[i] = gains[i] >= median - epsilon;
      }
      return out;
    }

    @Override
    public String toString() {
      return "relative:" + epsilon;
    }
  }

  record Absolute(double epsilon) implements VerdictRule {
    public Absolute {
      checkEpsilon(epsilon);
    }

    @Override
    public boolean[] votes(List<ValidationScore> scores) {
      boolean[] out = new boolean[scores.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = scores.get(i).accuracyGain() >= -epsilon;
      }
      return out;
    }

    @Override
    public String toString() {
      return "absolute:" + epsilon;
    }
  }
}
