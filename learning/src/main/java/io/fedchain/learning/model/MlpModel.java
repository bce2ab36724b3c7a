package io.fedchain.learning.model;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multilayer perceptron (ReLU hidden layers, softmax output, cross-entropy loss) in plain Java
 * float loops. With no hidden layer it is softmax regression.
 *
 * <p>Layout of the flat parameters, layer by layer: weights {@code W[in][out]} (row {@code i} holds
 * the weights leaving input {@code i}), then bias {@code b[out]}. Input-major weights make every
 * inner loop an axpy over contiguous memory, which HotSpot vectorises, and let the kernels skip the
 * zero pixels (about half of Fashion-MNIST) and inactive ReLU units. The batch loop sits inside the
 * input loop so each weight row is read once per batch.
 */
final class MlpModel implements Model {
  private static final int EVAL_CHUNK = 256;

  private final ModelSpec.Mlp spec;
  private final int[] sizes;
  private final int layers;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int parameterCount;

  /** act[l] holds the (post-ReLU) activations of layer l for the batch; act[0] is the input. */
  private final float[][] act;
  /** err[l] holds dLoss/dz for layer l's pre-activations, l >= 1. */
  private final float[][] err;
  private int capacity;
  private float[] evalX = new float[0];
  private int[] evalY = new int[0];

  MlpModel(ModelSpec.Mlp spec) {
    this.spec = spec;
    this.sizes = spec.sizes();
    this.layers = sizes.length - 1;
    this.weightOffset = new int[layers];
    this.biasOffset = new int[layers];
    long offset = 0;
    for (int l = 0; l < layers; l++) {
      weightOffset[l] = (int) offset;
      offset += (long) sizes[l] * sizes[l + 1];
      biasOffset[l] = (int) offset;
      offset += sizes[l + 1];
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("model " + spec + " has too many parameters for a flat float array");
      }
    }
    this.parameterCount = (int) offset;
    this.act = new float[layers + 1][];
    this.err = new float[layers + 1][];
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public List<ParamTensor> layout() {
    List<ParamTensor> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      out.add(new ParamTensor("layers." + l + ".weight", new int[] {sizes[l], sizes[l + 1]}, weightOffset[l]));
      out.add(new ParamTensor("layers." + l + ".bias", new int[] {sizes[l + 1]}, biasOffset[l]));
    }
    return out;
  }

  /**
   * Weights uniform in {@code ±1/sqrt(fan_in)} (PyTorch's default for linear layers), biases zero.
   * Only correctly rounded float operations, so the bits are fixed by the seed.
   */
  @Override
  public float[] initialParameters(long seed) {
    SeededRandom rng = SeededRandom.of(seed, "model-init", 0);
    float[] p = new float[parameterCount];
    for (int l = 0; l < layers; l++) {
      float bound = (float) (1.0 / Math.sqrt(sizes[l]));
      int n = sizes[l] * sizes[l + 1];
      for (int k = 0; k < n; k++) {
        p[weightOffset[l] + k] = (2f * rng.nextFloat() - 1f) * bound;
      }
    }
    return p;
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    capacity = Math.max(rows, 32);
    for (int l = 1; l <= layers; l++) {
      act[l] = new float[capacity * sizes[l]];
      err[l] = new float[capacity * sizes[l]];
    }
  }

  private void forward(float[] p, float[] x, int rows) {
    act[0] = x;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] a = act[l];
      float[] z = act[l + 1];
      int wo = weightOffset[l];
      int bo = biasOffset[l];
      for (int b = 0; b < rows; b++) {
        System.arraycopy(p, bo, z, b * out, out);
      }
      for (int i = 0; i < in; i++) {
        int wr = wo + i * out;
        for (int b = 0; b < rows; b++) {
          float v = a[b * in + i];
          if (v != 0f) {
            int zr = b * out;
            for (int j = 0; j < out; j++) {
              z[zr + j] += v * p[wr + j];
            }
          }
        }
      }
      if (l < layers - 1) {
        int n = rows * out;
        for (int k = 0; k < n; k++) {
          if (z[k] < 0f) {
            z[k] = 0f;
          }
        }
      }
    }
  }

  @Override
  public double lossAndGradient(float[] p, float[] x, int[] y, int rows, float[] grad) {
    checkParameters(p);
    checkParameters(grad);
    ensureCapacity(rows);
    forward(p, x, rows);
    int classes = sizes[layers];
    float[] logits = act[layers];
    float[] dz = err[layers];
    double loss = 0;
    float invRows = 1f / rows;
    for (int b = 0; b < rows; b++) {
      int r = b * classes;
      float max = logits[r];
      for (int j = 1; j < classes; j++) {
        max = Math.max(max, logits[r + j]);
      }
      float sum = 0f;
      for (int j = 0; j < classes; j++) {
        float e = (float) Math.exp(logits[r + j] - max);
        dz[r + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < classes; j++) {
        dz[r + j] *= inv * invRows;
      }
      dz[r + y[b]] -= invRows;
      loss += Math.log(sum) - (logits[r + y[b]] - max);
    }
    Arrays.fill(grad, 0f);
    for (int l = layers - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] a = act[l];
      float[] d = err[l + 1];
      int wo = weightOffset[l];
      int bo = biasOffset[l];
      for (int i = 0; i < in; i++) {
        int gr = wo + i * out;
        for (int b = 0; b < rows; b++) {
          float v = a[b * in + i];
          if (v != 0f) {
            int dr = b * out;
            for (int j = 0; j < out; j++) {
              grad[gr + j] += v * d[dr + j];
            }
          }
        }
      }
      for (int b = 0; b < rows; b++) {
        int dr = b * out;
        for (int j = 0; j < out; j++) {
          grad[bo + j] += d[dr + j];
        }
      }
      if (l > 0) {
        float[] dPrev = err[l];
        for (int b = 0; b < rows; b++) {
          int ar = b * in;
          int dr = b * out;
          for (int i = 0; i < in; i++) {
            if (a[ar + i] > 0f) {
              int wr = wo + i * out;
              float s = 0f;
              for (int j = 0; j < out; j++) {
                s += p[wr + j] * d[dr + j];
              }
              dPrev[ar + i] = s;
            } else {
              dPrev[ar + i] = 0f;
            }
          }
        }
      }
    }
    return loss / rows;
  }

  @Override
  public Evaluation evaluate(float[] p, Dataset data, int from, int to, boolean[] mask) {
    checkParameters(p);
    if (data.features() != sizes[0] || data.classes() != sizes[layers]) {
      throw new IllegalArgumentException("model " + spec + " cannot evaluate " + data);
    }
    int classes = sizes[layers];
    if (mask != null && mask.length != classes) {
      throw new IllegalArgumentException("class mask has " + mask.length + " entries, the model " + classes);
    }
    int chunk = Math.min(EVAL_CHUNK, Math.max(1, to - from));
    ensureCapacity(chunk);
    if (evalX.length < chunk * sizes[0]) {
      evalX = new float[chunk * sizes[0]];
      evalY = new int[chunk];
    }
    long correct = 0;
    double lossSum = 0;
    for (int start = from; start < to; start += chunk) {
      int end = Math.min(to, start + chunk);
      int rows = end - start;
      data.gatherRange(start, end, evalX, evalY);
      forward(p, evalX, rows);
      float[] logits = act[layers];
      for (int b = 0; b < rows; b++) {
        int r = b * classes;
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
          if ((mask == null || mask[j]) && (best < 0 || logits[r + j] > max)) {
            max = logits[r + j];
            best = j;
          }
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
          if (mask == null || mask[j]) {
            sum += Math.exp(logits[r + j] - max);
          }
        }
        lossSum += Math.log(sum) - (logits[r + evalY[b]] - max);
        if (best == evalY[b]) {
          correct++;
        }
      }
    }
    return new Evaluation(correct, to - from, lossSum);
  }
}
