package io.fedchain.learning.model.dl4j;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.model.Evaluation;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.ParamTensor;
import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.adapters.OutputAdapter;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Any DL4J {@link MultiLayerNetwork} that ends in a softmax layer with cross-entropy loss, run
 * under the {@link Model} interface.
 *
 * <p>The flat parameter vector is DL4J's own flattened view ({@link MultiLayerNetwork#params()}),
 * so parameters go in and gradients come out with one bulk copy each. Its order is DL4J's: layer by
 * layer, each layer's tensors in its initialiser's order (convolutions put the bias first); dense
 * weights {@code [nIn, nOut]} are stored column-major, which {@link #layout()} reports as the
 * row-major shape {@code [nOut, nIn]} (PyTorch's order for linear weights); convolution weights are
 * row-major {@code [out, in, kh, kw]}.
 *
 * <p>DL4J returns the gradient of the summed loss and leaves the division by the batch size to its
 * updater, which never runs here; {@link #lossAndGradient} divides. The trainer applies weight
 * decay itself, so networks with regularisation, dropout or weight noise are refused: they would
 * change the gradient behind the trainer's back.
 */
public final class Dl4jModel implements Model {
  /** Probabilities are clamped here before the log, as DL4J's own cross-entropy does. */
  static final double PROBABILITY_FLOOR = 1e-10;
  private static final int EVAL_CHUNK = 512;
  private static final int CACHED_BATCH_SIZES = 4;

  private final ModelSpec spec;
  private final MultiLayerNetwork net;
  private final int inputs;
  private final int classes;
  private final int parameterCount;
  private final List<ParamTensor> layout;
  private final FloatPointer paramPointer;
  private boolean gradientLayoutChecked;

  /** Input and one-hot label arrays by batch size: a training run uses one or two sizes. */
  private final Map<Integer, Batch> batches = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Batch> eldest) {
      return size() > CACHED_BATCH_SIZES;
    }
  };
  private float[] oneHot = new float[0];
  private float[] probabilities = new float[0];
  private float[] evalX = new float[0];
  private int[] evalY = new int[0];

  private record Batch(INDArray x, INDArray y) {}

  /**
   * @param spec what {@link #spec()} returns; its input and class counts must match the network
   * @param conf a network without regularisation, dropout or weight noise, ending in a softmax
   *     output layer with (unweighted) {@code MCXENT} loss
   */
  public Dl4jModel(ModelSpec spec, MultiLayerConfiguration conf) {
    this.spec = spec;
    this.inputs = spec.inputs();
    this.classes = spec.classes();
    checkConfiguration(spec, conf);
    this.net = new MultiLayerNetwork(conf);
    net.init();
    INDArray flat = net.params();
    if (flat.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("model " + spec + ": the network must use FLOAT parameters, it uses "
          + flat.dataType() + "; build it with .dataType(DataType.FLOAT)");
    }
    if (net.numParams() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("model " + spec + " has too many parameters for a flat float array: "
          + net.numParams());
    }
    this.parameterCount = (int) net.numParams();
    this.layout = List.copyOf(layoutOf(net.paramTable(), flat, parameterCount));
    for (ParamTensor t : layout) {
      initialiserOf(t);
    }
    this.paramPointer = pointer(flat, parameterCount);
  }

  private static void checkConfiguration(ModelSpec spec, MultiLayerConfiguration conf) {
    List<NeuralNetConfiguration> confs = conf.getConfs();
    if (confs.isEmpty()) {
      throw new IllegalArgumentException("model " + spec + ": the network has no layers");
    }
    for (int i = 0; i < confs.size(); i++) {
      Layer layer = confs.get(i).getLayer();
      String where = "model " + spec + ", layer " + i + " (" + layer.getClass().getSimpleName() + ")";
      if (layer.getIDropout() != null) {
        throw new IllegalArgumentException(where + " has dropout, which would make gradients random");
      }
      if (layer instanceof BaseLayer base) {
        if (!isEmpty(base.getRegularization()) || !isEmpty(base.getRegularizationBias())) {
          throw new IllegalArgumentException(where + " has regularisation; set weight decay in the training"
              + " configuration instead, where the trainer applies it");
        }
        if (base.getWeightNoise() != null) {
          throw new IllegalArgumentException(where + " has weight noise, which would make gradients random");
        }
      }
    }
    NeuralNetConfiguration last = confs.get(confs.size() - 1);
    if (!last.isMiniBatch()) {
      throw new IllegalArgumentException("model " + spec + ": the network must be built with miniBatch(true)"
          + " so that its score is the mean loss");
    }
    if (!(last.getLayer() instanceof BaseOutputLayer out)
        || !(out.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null
        || !(out.getActivationFn() instanceof ActivationSoftmax)) {
      throw new IllegalArgumentException("model " + spec + ": the last layer must be a softmax output layer with"
          + " unweighted MCXENT loss, found " + last.getLayer());
    }
    if (out.getNOut() != spec.classes()) {
      throw new IllegalArgumentException("model " + spec + " has " + spec.classes() + " classes but the network's"
          + " output layer has " + out.getNOut());
    }
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  /**
   * The tensors of DL4J's parameter table placed by their offset in the flat buffer; fails unless
   * they are contiguous views that tile the flat vector exactly.
   */
  static List<ParamTensor> layoutOf(Map<String, INDArray> table, INDArray flat, int count) {
    long base = flat.data().addressPointer().address();
    List<ParamTensor> out = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : table.entrySet()) {
      INDArray view = e.getValue();
      long byteOffset = view.data().addressPointer().address() - base;
      if (view.dataType() != DataType.FLOAT || byteOffset < 0 || byteOffset % Float.BYTES != 0
          || byteOffset / Float.BYTES + view.length() > count) {
        throw new IllegalStateException("parameter " + e.getKey() + " is not a view of the flat parameter vector");
      }
      if (!isDense(view)) {
        throw new IllegalStateException("parameter " + e.getKey() + " is not contiguous: shape "
            + Arrays.toString(view.shape()) + ", strides " + Arrays.toString(view.stride()) + ", order "
            + view.ordering());
      }
      int[] shape = Arrays.stream(view.shape()).mapToInt(Math::toIntExact).toArray();
      if (view.ordering() == 'f') {
        reverse(shape);
      }
      out.add(new ParamTensor(e.getKey(), shape, (int) (byteOffset / Float.BYTES)));
    }
    out.sort(Comparator.comparingInt(ParamTensor::offset));
    int next = 0;
    for (ParamTensor t : out) {
      if (t.offset() != next) {
        throw new IllegalStateException("parameter " + t + " does not start where the previous one ends (" + next
            + ")");
      }
      next += t.size();
    }
    if (next != count) {
      throw new IllegalStateException("the parameter table covers " + next + " of " + count + " parameters");
    }
    return out;
  }

  /**
   * True when the array's elements are packed without gaps in its own order ('c': last axis
   * fastest, 'f': first axis fastest); axes of length 1 may carry any stride.
   */
  private static boolean isDense(INDArray a) {
    long[] shape = a.shape();
    long[] stride = a.stride();
    boolean f = a.ordering() == 'f';
    long expected = 1;
    for (int k = 0; k < shape.length; k++) {
      int axis = f ? k : shape.length - 1 - k;
      if (shape[axis] != 1 && stride[axis] != expected) {
        return false;
      }
      expected *= shape[axis];
    }
    return true;
  }

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** A pointer to the first element of a dense row-major FLOAT array, for bulk copies without temporaries. */
  private static FloatPointer pointer(INDArray a, long length) {
    if (a.dataType() != DataType.FLOAT || a.length() != length || !(a.ordering() == 'c' || a.rank() <= 1)
        || !isDense(a)) {
      throw new IllegalStateException("expected a dense row-major FLOAT array of " + length + " elements, got "
          + a.dataType() + " " + Arrays.toString(a.shape()) + " order " + a.ordering() + " strides "
          + Arrays.toString(a.stride()));
    }
    return new FloatPointer(a.data().addressPointer());
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
    return layout;
  }

  MultiLayerNetwork network() {
    return net;
  }

  private enum Init { UNIFORM_FAN_IN, ZERO }

  private Init initialiserOf(ParamTensor t) {
    String name = t.name();
    if (name.endsWith("_W") && t.shape().length >= 2) {
      return Init.UNIFORM_FAN_IN;
    }
    if (name.endsWith("_b")) {
      return Init.ZERO;
    }
    throw new IllegalArgumentException("model " + spec + ": no initialiser for parameter " + t
        + "; only weights (_W, rank >= 2) and biases (_b) are supported");
  }

  /**
   * Weights uniform in {@code ±1/sqrt(fan_in)} (PyTorch's default for linear and convolution
   * layers, as in the Flower and NIID-Bench baselines), biases zero; {@code fan_in} is the product
   * of a weight's shape after its first (output) axis. Drawn in flat order from one seeded stream in
   * plain Java, not by ND4J's native generator, so that the bits do not depend on the machine.
   */
  @Override
  public float[] initialParameters(long seed) {
    SeededRandom rng = SeededRandom.of(seed, "model-init", 0);
    float[] p = new float[parameterCount];
    for (ParamTensor t : layout) {
      if (initialiserOf(t) == Init.UNIFORM_FAN_IN) {
        int n = t.size();
        float bound = (float) (1.0 / Math.sqrt(n / t.shape()[0]));
        for (int k = 0; k < n; k++) {
          p[t.offset() + k] = (2f * rng.nextFloat() - 1f) * bound;
        }
      }
    }
    return p;
  }

  private void setParameters(float[] params) {
    checkParameters(params);
    paramPointer.put(params, 0, parameterCount);
  }

  private Batch batch(int rows) {
    return batches.computeIfAbsent(rows, r -> new Batch(
        Nd4j.create(DataType.FLOAT, r, inputs), Nd4j.create(DataType.FLOAT, r, classes)));
  }

  private void fillInput(Batch b, float[] x, int rows) {
    if (x.length < rows * inputs) {
      throw new IllegalArgumentException("a batch of " + rows + " rows needs " + rows * inputs + " features, got "
          + x.length);
    }
    pointer(b.x, (long) rows * inputs).put(x, 0, rows * inputs);
  }

  private void fillLabels(Batch b, int[] y, int rows) {
    if (y.length < rows) {
      throw new IllegalArgumentException("a batch of " + rows + " rows needs as many labels, got " + y.length);
    }
    if (oneHot.length < rows * classes) {
      oneHot = new float[rows * classes];
    }
    Arrays.fill(oneHot, 0, rows * classes, 0f);
    for (int r = 0; r < rows; r++) {
      if (y[r] < 0 || y[r] >= classes) {
        throw new IllegalArgumentException("label " + y[r] + " of row " + r + " is outside [0, " + classes + ")");
      }
      oneHot[r * classes + y[r]] = 1f;
    }
    pointer(b.y, (long) rows * classes).put(oneHot, 0, rows * classes);
  }

  @Override
  public double lossAndGradient(float[] params, float[] x, int[] y, int rows, float[] grad) {
    checkParameters(grad);
    if (rows < 1) {
      throw new IllegalArgumentException("a batch needs at least one row, got " + rows);
    }
    setParameters(params);
    Batch b = batch(rows);
    fillInput(b, x, rows);
    fillLabels(b, y, rows);
    net.setInput(b.x);
    net.setLabels(b.y);
    net.computeGradientAndScore();
    INDArray flatGradient = net.gradient().gradient();
    if (!gradientLayoutChecked) {
      checkGradientLayout(flatGradient);
      gradientLayoutChecked = true;
    }
    pointer(flatGradient, parameterCount).get(grad, 0, parameterCount);
    float invRows = 1f / rows;
    for (int i = 0; i < parameterCount; i++) {
      grad[i] *= invRows;
    }
    return net.score();
  }

  /** The flat gradient must hold each tensor where the flat parameters hold it. */
  private void checkGradientLayout(INDArray flatGradient) {
    List<ParamTensor> gradientLayout = layoutOf(net.gradient().gradientForVariable(), flatGradient, parameterCount);
    if (!gradientLayout.equals(layout)) {
      throw new IllegalStateException("model " + spec + ": DL4J's flat gradient " + gradientLayout
          + " is not laid out like its parameters " + layout);
    }
  }

  @Override
  public Evaluation evaluate(float[] params, Dataset data, int from, int to, boolean[] mask) {
    if (data.features() != inputs || data.classes() != classes) {
      throw new IllegalArgumentException("model " + spec + " cannot evaluate " + data);
    }
    if (mask != null && mask.length != classes) {
      throw new IllegalArgumentException("class mask has " + mask.length + " entries, the model " + classes);
    }
    if (from < 0 || to > data.size() || from > to) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not within " + data);
    }
    setParameters(params);
    int chunk = Math.min(EVAL_CHUNK, Math.max(1, to - from));
    if (evalY.length < chunk) {
      evalX = new float[chunk * inputs];
      evalY = new int[chunk];
      probabilities = new float[chunk * classes];
    }
    long correct = 0;
    double lossSum = 0;
    for (int start = from; start < to; start += chunk) {
      int rows = Math.min(to, start + chunk) - start;
      data.gatherRange(start, start + rows, evalX, evalY);
      Batch b = batch(rows);
      fillInput(b, evalX, rows);
      // The adapter reads the output inside DL4J's workspace instead of detaching a copy.
      net.output(b.x, null, null, (OutputAdapter<Void>) outputs -> {
        pointer(outputs[0], (long) rows * classes).get(probabilities, 0, rows * classes);
        return null;
      });
      for (int r = 0; r < rows; r++) {
        int o = r * classes;
        int best = -1;
        double kept = 0;
        for (int j = 0; j < classes; j++) {
          if (mask == null || mask[j]) {
            kept += probabilities[o + j];
            if (best < 0 || probabilities[o + j] > probabilities[o + best]) {
              best = j;
            }
          }
        }
        if (best == evalY[r]) {
          correct++;
        }
        // Renormalising over the kept classes is the softmax restricted to them.
        double p = mask == null ? probabilities[o + evalY[r]] : kept > 0 ? probabilities[o + evalY[r]] / kept : 0;
        lossSum -= Math.log(Math.max(p, PROBABILITY_FLOOR));
      }
    }
    return new Evaluation(correct, to - from, lossSum);
  }
}
