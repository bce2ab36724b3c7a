package io.fedchain.learning.score;

/**
 * A validator's votes on a round's updates and the measurements behind each vote, on its own
 * validation data: {@code scores} in accuracy (positive helps), {@code lossScores} in mean
 * cross-entropy (positive helps). What they measure depends on the rule.
 */
public record Verdicts(boolean[] votes, double[] scores, double[] lossScores) {
  public Verdicts {
    if (votes.length != scores.length || votes.length != lossScores.length) {
      throw new IllegalArgumentException(votes.length + " votes for " + scores.length + " scores");
    }
  }
}
