package io.fedchain.learning.train;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.util.SeededRandom;

/**
 * Mini-batch SGD with momentum on a client's own data, starting from the global model, with the
 * FedProx proximal term and L2 weight decay as options. Deterministic for a given seed (one thread,
 * fixed batch order).
 *
 * <p>Update rule (PyTorch's SGD): {@code g = grad + wd*w + mu*(w - w_global)};
 * {@code v = momentum*v + g}; {@code w -= lr*v}.
 */
public final class LocalTrainer {
  private final Model model;

  public LocalTrainer(Model model) {
    this.model = model;
  }

  public LocalUpdate train(float[] global, Dataset data, TrainingConfig cfg, long seed) {
    model.checkParameters(global);
    if (data.size() == 0) {
      throw new IllegalArgumentException("cannot train on an empty dataset: " + data.name());
    }
    int n = model.parameterCount();
    float[] w = global.clone();
    float[] grad = new float[n];
    float[] velocity = cfg.momentum() > 0 ? new float[n] : null;
    int batch = Math.min(cfg.batchSize(), data.size());
    float[] x = new float[batch * data.features()];
    int[] y = new int[batch];
    SeededRandom rng = new SeededRandom(seed);
    float lr = cfg.learningRate();
    float mu = cfg.proxMu();
    float wd = cfg.weightDecay();
    float momentum = cfg.momentum();
    double lastEpochLoss = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      int[] order = rng.permutation(data.size());
      double lossSum = 0;
      int steps = 0;
      for (int start = 0; start < order.length; start += batch) {
        int end = Math.min(order.length, start + batch);
        int rows = end - start;
        data.gather(order, start, end, x, y);
        lossSum += model.lossAndGradient(w, x, y, rows, grad);
        steps++;
        if (mu > 0 || wd > 0) {
          for (int i = 0; i < n; i++) {
            grad[i] += wd * w[i] + mu * (w[i] - global[i]);
          }
        }
        if (velocity != null) {
          for (int i = 0; i < n; i++) {
            velocity[i] = momentum * velocity[i] + grad[i];
            w[i] -= lr * velocity[i];
          }
        } else {
          for (int i = 0; i < n; i++) {
            w[i] -= lr * grad[i];
          }
        }
      }
      lastEpochLoss = lossSum / steps;
    }
    float[] delta = new float[n];
    for (int i = 0; i < n; i++) {
      delta[i] = w[i] - global[i];
    }
    return new LocalUpdate(delta, data.size(), lastEpochLoss);
  }
}
