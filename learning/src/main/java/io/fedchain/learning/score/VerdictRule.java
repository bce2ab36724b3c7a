package io.fedchain.learning.score;

import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.model.Evaluation;
import io.fedchain.learning.model.Parameters;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a validator turns its measurements of a round's updates, on its own validation data, into
 * yes/no votes. Three rules, all with a tolerance {@code epsilon} in accuracy:
 *
 * <ul>
 *   <li>{@code loo:<eps>} (leave one out, the default): the update's marginal effect on the round's
 *       sample-weighted average, {@code acc(w + avg(all)) - acc(w + avg(all but it))}; yes when it is
 *       at least {@code -eps}. Each update is judged at the weight it will have in the aggregate and
 *       next to its peers. Updates more than 3 times longer than the round's median are voted
 *       out before the average is formed.</li>
 *   <li>{@code relative:<eps>}: the update alone, {@code acc(w + delta) - acc(w)}, compared with the
 *       median of the round's updates; yes when at most {@code eps} below it.</li>
 *   <li>{@code absolute:<eps>}: the update alone; yes when {@code acc(w + delta) - acc(w) >= -eps}.</li>
 * </ul>
 *
 * <p>Why leave-one-out: with non-IID data one client's full delta, applied alone, drags the model
 * towards its own classes, so a validator holding other classes sees accuracy fall by 0.2 to 0.7
 * for perfectly honest updates (measured: {@code bench filter}, {@code updates.csv}). Rules that
 * judge a delta alone must then either reject honest updates or tolerate poisoned ones. A delta's
 * contribution to the average, by contrast, is small when honest and clearly harmful when
 * poisoned. And with attackers voting against every honest update, an honest update needs every
 * honest validator's vote (more than 2/3 of stake), so the false-rejection rate is what matters.
 */
public sealed interface VerdictRule permits VerdictRule.LeaveOneOut, VerdictRule.Relative, VerdictRule.Absolute {

  /** This validator's votes on the round's updates, in their order. */
  Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates);

  /**
   * Votes on {@code updates[firstJudged..]} only; the updates before it are context (already
   * accepted ones of the round) that rules comparing an update with its peers take into account.
   * The context's entries in the result are meaningless. By default everything is judged.
   */
  default Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates, int firstJudged) {
    return judge(scorer, base, updates);
  }

  double epsilon();

  static VerdictRule parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    double eps = 0.02;
    if (colon >= 0) {
      try {
        eps = Double.parseDouble(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad verdict rule '" + text + "': epsilon is not a number");
      }
    }
    return switch (kind) {
      case "loo", "leave-one-out" -> new LeaveOneOut(eps);
      case "relative" -> new Relative(eps);
      case "absolute" -> new Absolute(eps);
      default -> throw new IllegalArgumentException("unknown verdict rule '" + text
          + "': expected loo[:eps], relative[:eps] or absolute[:eps], e.g. loo:0.02");
    };
  }

  private static void checkEpsilon(double eps) {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("epsilon must be in [0, 1] (an accuracy difference), got " + eps);
    }
  }

  /** Accuracy gains and loss gains (loss decrease) of each update applied alone. */
  private static double[][] individualGains(ValidationScorer scorer, float[] base, List<WeightedDelta> updates) {
    double[][] gains = new double[2][updates.size()];
    for (int i = 0; i < updates.size(); i++) {
      ValidationScore s = scorer.score(base, updates.get(i).delta());
      gains[0][i] = s.accuracyGain();
      gains[1][i] = -s.lossChange();
    }
    return gains;
  }

  record LeaveOneOut(double epsilon, double normFactor) implements VerdictRule {
    /** Updates longer than this many times the round's median norm are screened out. */
    public static final double DEFAULT_NORM_FACTOR = 3;

    public LeaveOneOut {
      checkEpsilon(epsilon);
      if (!(normFactor >= 1) || Double.isInfinite(normFactor)) {
        throw new IllegalArgumentException("norm factor must be a number >= 1, got " + normFactor);
      }
    }

    public LeaveOneOut(double epsilon) {
      this(epsilon, DEFAULT_NORM_FACTOR);
    }

    /**
     * Screens out updates much longer than the round's median (a handful of scaled updates would
     * otherwise dominate the average, so that leaving any one of them out changes little), then
     * scores each remaining update by leaving it out of their weighted average, and each screened
     * one by adding it in.
     */
    @Override
    public Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates) {
      return judge(scorer, base, updates, 0);
    }

    /** Leave-one-out costs one evaluation per judged update: the context is averaged in, not scored. */
    @Override
    public Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates, int firstJudged) {
      int n = updates.size();
      double[] scores = new double[n];
      double[] lossScores = new double[n];
      boolean[] votes = new boolean[n];
      if (n == 0) {
        return new Verdicts(votes, scores, lossScores);
      }
      double[] norms = new double[n];
      for (int i = 0; i < n; i++) {
        norms[i] = Parameters.l2Norm(updates.get(i).delta());
      }
      double[] sortedNorms = norms.clone();
      Arrays.sort(sortedNorms);
      double medianNorm = n % 2 == 1 ? sortedNorms[n / 2] : (sortedNorms[n / 2 - 1] + sortedNorms[n / 2]) / 2;
      boolean[] screened = new boolean[n];
      for (int i = 0; i < n; i++) {
        screened[i] = norms[i] > normFactor * medianNorm;
      }

      int len = base.length;
      double[] sum = new double[len];
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (!screened[i]) {
          double w = updates.get(i).numSamples();
          float[] d = updates.get(i).delta();
          for (int j = 0; j < len; j++) {
            sum[j] += w * d[j];
          }
          total += w;
        }
      }
      float[] model = new float[len];
      for (int j = 0; j < len; j++) {
        model[j] = base[j] + (float) (sum[j] / total);
      }
      Evaluation coreEval = scorer.evaluate(model);
      double core = coreEval.accuracy();
      for (int i = Math.max(0, firstJudged); i < n; i++) {
        double w = updates.get(i).numSamples();
        float[] d = updates.get(i).delta();
        double sign = screened[i] ? 1 : -1;
        double rest = total + sign * w;
        Evaluation otherEval;
        if (rest <= 0) {
          otherEval = scorer.baseline(base);
        } else {
          for (int j = 0; j < len; j++) {
            model[j] = base[j] + (float) ((sum[j] + sign * w * d[j]) / rest);
          }
          otherEval = scorer.evaluate(model);
        }
        double other = otherEval.accuracy();
        // Leaving an update out: its effect is core - other; adding a screened one: other - core.
        scores[i] = screened[i] ? other - core : core - other;
        lossScores[i] = screened[i] ? coreEval.loss() - otherEval.loss() : otherEval.loss() - coreEval.loss();
        votes[i] = !screened[i] && scores[i] >= -epsilon;
      }
      return new Verdicts(votes, scores, lossScores);
    }

    @Override
    public String toString() {
      return "loo:" + epsilon;
    }
  }

  record Relative(double epsilon) implements VerdictRule {
    public Relative {
      checkEpsilon(epsilon);
    }

    @Override
    public Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates) {
      double[][] gains = individualGains(scorer, base, updates);
      return new Verdicts(decide(gains[0]), gains[0], gains[1]);
    }

    /** Yes when a gain is at most epsilon below the median gain. */
    boolean[] decide(double[] gains) {
      boolean[] out = new boolean[gains.length];
      if (gains.length == 0) {
        return out;
      }
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
    public Verdicts judge(ValidationScorer scorer, float[] base, List<WeightedDelta> updates) {
      double[][] gains = individualGains(scorer, base, updates);
      boolean[] out = new boolean[updates.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = gains[0][i] >= -epsilon;
      }
      return new Verdicts(out, gains[0], gains[1]);
    }

    @Override
    public String toString() {
      return "absolute:" + epsilon;
    }
  }
}
