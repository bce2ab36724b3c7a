package io.fedchain.learning.model;

/** Accuracy and mean cross-entropy loss of a model on a number of samples. */
public record Evaluation(long correct, long count, double lossSum) {
  public static final Evaluation EMPTY = new Evaluation(0, 0, 0);

  public double accuracy() {
    return count == 0 ? 0 : (double) correct / count;
  }

  public double loss() {
    return count == 0 ? 0 : lossSum / count;
  }

  /** The evaluation of both sample sets together. */
  public Evaluation plus(Evaluation other) {
    return new Evaluation(correct + other.correct, count + other.count, lossSum + other.lossSum);
  }

  @Override
  public String toString() {
    return String.format("accuracy %.4f, loss %.4f over %d samples", accuracy(), loss(), count);
  }
}
