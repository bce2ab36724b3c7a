package io.fedchain.learning.model;

import io.fedchain.learning.data.Dataset;
import java.util.List;

/**
 * A model architecture whose parameters live outside it, in one flat {@code float[]}: a model
 * delta is then just a float vector that codecs, aggregators and hashes handle without knowing
 * the architecture.
 *
 * <p>Instances hold scratch buffers and are not thread-safe; make one per thread with
 * {@link ModelSpec#newModel()}.
 */
public interface Model {
  ModelSpec spec();

  int parameterCount();

  /** Where each named tensor sits in the flat vector, in order. */
  List<ParamTensor> layout();

  /** Initial weights, the same bits on every machine for the same seed. */
  float[] initialParameters(long seed);

  /**
   * Mean cross-entropy loss over {@code rows} samples ({@code x} row-major, {@code y} class
   * indices), writing the gradient of that mean loss with respect to {@code params} into
   * {@code grad} (overwritten, not accumulated).
   */
  double lossAndGradient(float[] params, float[] x, int[] y, int rows, float[] grad);

  /**
   * Accuracy and loss on rows {@code [from, to)} of {@code data}, with predictions (argmax) and the
   * softmax of the loss taken over the classes marked in {@code classes} only ({@code null}: all).
   * A validator restricts them to the classes its data holds, so that an update is judged on how
   * well it tells those classes apart, not on how much prior it gives to classes the validator
   * never sees.
   */
  Evaluation evaluate(float[] params, Dataset data, int from, int to, boolean[] classes);

  default Evaluation evaluate(float[] params, Dataset data, int from, int to) {
    return evaluate(params, data, from, to, null);
  }

  default Evaluation evaluate(float[] params, Dataset data) {
    return evaluate(params, data, 0, data.size(), null);
  }

  /** Fails with a message naming both sizes when {@code params} does not fit this model. */
  default void checkParameters(float[] params) {
    if (params.length != parameterCount()) {
      throw new IllegalArgumentException(spec() + " has " + parameterCount() + " parameters, got a vector of "
          + params.length);
    }
  }
}
