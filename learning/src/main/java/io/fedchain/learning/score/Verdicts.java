package io.fedchain.learning.score;

/**
 * A validator's votes on a round's updates and the score behind each vote (an accuracy
 * difference on its own validation data; what it measures depends on the rule).
 */
public record Verdicts(boolean[] votes, double[] scores) {
  public Verdicts {
    if (votes.length != scores.length) {
      throw new IllegalArgumentException(votes.length + " votes for " + scores.length + " scores");
    }
  }
}
