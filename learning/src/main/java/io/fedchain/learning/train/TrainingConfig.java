package io.fedchain.learning.train;

/**
 * Hyper-parameters of local training.
 *
 * @param epochs passes over the client's training data per round
 * @param batchSize samples per SGD step
 * @param learningRate SGD step size
 * @param momentum heavy-ball momentum (0 disables it)
 * @param proxMu FedProx proximal weight (Li et al. 2020, "Federated Optimization in Heterogeneous
 *     Networks"): adds {@code mu/2 * ||w - w_global||^2} to the local loss; 0 is plain FedAvg
 * @param weightDecay L2 penalty coefficient
 * @param roundDecay the learning rate of round r is {@code learningRate * roundDecay^(r-1)}; 1 keeps it
 *     constant. Decay damps the round-to-round swing that non-IID clients cause late in training.
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, float momentum, float proxMu,
    float weightDecay, float roundDecay) {
  public static final TrainingConfig DEFAULT = new TrainingConfig(2, 32, 0.02f, 0.9f, 0f, 0f, 1f);

  public TrainingConfig(int epochs, int batchSize, float learningRate, float momentum, float proxMu,
      float weightDecay) {
    this(epochs, batchSize, learningRate, momentum, proxMu, weightDecay, 1f);
  }

  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(proxMu >= 0) || !Float.isFinite(proxMu)) {
      throw new IllegalArgumentException("FedProx mu must be >= 0, got " + proxMu);
    }
    if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    if (!(roundDecay > 0 && roundDecay <= 1)) {
      throw new IllegalArgumentException("round decay must be in (0, 1], got " + roundDecay);
    }
  }

  public TrainingConfig withEpochs(int e) {
    return new TrainingConfig(e, batchSize, learningRate, momentum, proxMu, weightDecay, roundDecay);
  }

  /** The config with the learning rate of round {@code round} (1-based). */
  public TrainingConfig forRound(int round) {
    if (roundDecay == 1f || round <= 1) {
      return this;
    }
    float lr = (float) (learningRate * Math.pow(roundDecay, round - 1));
    return new TrainingConfig(epochs, batchSize, lr, momentum, proxMu, weightDecay, roundDecay);
  }
}
