package io.fedchain.learning.score;

import io.fedchain.learning.model.Evaluation;

/**
 * A validator's measurement of one update on its own validation data: the base model {@code w}
 * and the updated model {@code w + delta}.
 */
public record ValidationScore(Evaluation base, Evaluation updated) {

  /** {@code acc(w + delta) - acc(w)}: the score validators compare against epsilon. */
  public double accuracyGain() {
    return updated.accuracy() - base.accuracy();
  }

  /** {@code loss(w + delta) - loss(w)}: negative is better. */
  public double lossChange() {
    return updated.loss() - base.loss();
  }

  @Override
  public String toString() {
    return String.format("acc %.4f -> %.4f (%+.4f), loss %.4f -> %.4f", base.accuracy(), updated.accuracy(),
        accuracyGain(), base.loss(), updated.loss());
  }
}
