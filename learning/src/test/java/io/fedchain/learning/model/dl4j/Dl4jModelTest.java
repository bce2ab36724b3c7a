package io.fedchain.learning.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.model.Evaluation;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.ParamTensor;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.LocalUpdate;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.learning.util.SeededRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class Dl4jModelTest {
  private static final ModelSpec.Dl4j CNN = new ModelSpec.Dl4j("cnn", 784, 10);
  private static final ModelSpec.Dl4j MLP = new ModelSpec.Dl4j("mlp", 784, 10);

  private static Dl4jModel cnn;
  private static Dl4jModel mlp;

  @BeforeAll
  static void buildModels() {
    cnn = (Dl4jModel) Dl4jModels.create(CNN);
    mlp = (Dl4jModel) Dl4jModels.create(MLP);
  }

  @Test
  void cnnLayoutIsDl4jFlatOrderWithDenseWeightsReportedOutputMajor() {
    assertEquals(List.of(
        new ParamTensor("0_b", new int[] {6}, 0),
        new ParamTensor("0_W", new int[] {6, 1, 5, 5}, 6),
        new ParamTensor("2_b", new int[] {16}, 156),
        new ParamTensor("2_W", new int[] {16, 6, 5, 5}, 172),
        new ParamTensor("4_W", new int[] {120, 256}, 2572),
        new ParamTensor("4_b", new int[] {120}, 33292),
        new ParamTensor("5_W", new int[] {84, 120}, 33412),
        new ParamTensor("5_b", new int[] {84}, 43492),
        new ParamTensor("6_W", new int[] {10, 84}, 43576),
        new ParamTensor("6_b", new int[] {10}, 44416)), cnn.layout());
    assertEquals(44_426, cnn.parameterCount());
    assertEquals(101_770, mlp.parameterCount());
  }

  /** Writes i at flat index i and reads every tensor back through DL4J's own indexing. */
  @ParameterizedTest
  @ValueSource(strings = {"cnn", "mlp"})
  void layoutOffsetsAndShapesAddressTheFlatVector(String name) {
    Dl4jModel model = name.equals("cnn") ? cnn : mlp;
    float[] p = new float[model.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    model.network().params().assign(Nd4j.createFromArray(p));
    for (ParamTensor t : model.layout()) {
      INDArray view = model.network().getParam(t.name());
      int[] shape = t.shape();
      long[] index = new long[shape.length];
      for (int k = 0; k < t.size(); k++) {
        int rest = k;
        for (int d = shape.length - 1; d >= 0; d--) {
          index[d] = rest % shape[d];
          rest /= shape[d];
        }
        // A column-major DL4J tensor is the reported row-major shape with its axes reversed.
        long[] dl4jIndex = view.ordering() == 'f' ? reversed(index) : index;
        int element = k;
        assertEquals(t.offset() + k, view.getFloat(dl4jIndex), 0f, () -> t + " element " + element);
      }
    }
  }

  /**
   * Rebuilds two activations by hand: the first convolution at the top-left corner (input rows are
   * row-major 28x28 images) and the first dense layer from the last pooling output flattened
   * channel, row, column, the order of PyTorch's {@code view}, so the reference CNN's weights carry
   * over from PyTorch as they are.
   */
  @Test
  void cnnReadsRowMajorImagesAndFlattensFeatureMapsChannelMajor() {
    SeededRandom rng = new SeededRandom(37);
    float[] p = cnn.initialParameters(2);
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.05f * (2 * rng.nextFloat() - 1);
    }
    float[] x = randomImages(rng, 2);
    cnn.network().params().assign(Nd4j.createFromArray(p));
    List<INDArray> activations = cnn.network().feedForward(Nd4j.createFromArray(x).reshape(2, 784), false);

    INDArray conv1 = activations.get(1);
    assertArrayEquals(new long[] {2, 6, 24, 24}, conv1.shape());
    ParamTensor w0 = tensor(cnn, "0_W");
    ParamTensor b0 = tensor(cnn, "0_b");
    for (int row = 0; row < 2; row++) {
      for (int c = 0; c < 6; c++) {
        double z = p[b0.offset() + c];
        for (int kh = 0; kh < 5; kh++) {
          for (int kw = 0; kw < 5; kw++) {
            z += (double) p[w0.offset() + c * 25 + kh * 5 + kw] * x[row * 784 + kh * 28 + kw];
          }
        }
        assertEquals(Math.max(0, z), conv1.getDouble(row, c, 0, 0), 1e-5, "conv1 channel " + c);
      }
    }

    INDArray pool2 = activations.get(4);
    INDArray dense1 = activations.get(5);
    assertArrayEquals(new long[] {2, 16, 4, 4}, pool2.shape());
    ParamTensor w4 = tensor(cnn, "4_W");
    ParamTensor b4 = tensor(cnn, "4_b");
    for (int row = 0; row < 2; row++) {
      for (int j = 0; j < 120; j++) {
        double z = p[b4.offset() + j];
        for (int c = 0; c < 16; c++) {
          for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 4; w++) {
              z += (double) p[w4.offset() + j * 256 + c * 16 + h * 4 + w] * pool2.getDouble(row, c, h, w);
            }
          }
        }
        assertEquals(Math.max(0, z), dense1.getDouble(row, j), 1e-4, "dense unit " + j);
      }
    }
  }

  /**
   * The plain-Java MLP stores {@code W[in][out]} row-major; DL4J's layout reports {@code [out, in]}
   * row-major. Same function, so the same loss and gradient once the weights are transposed.
   */
  @Test
  void mlpLossAndGradientMatchThePlainJavaMlp() {
    Model plain = ModelSpec.parse("mlp").newModel();
    SeededRandom rng = new SeededRandom(11);
    float[] plainParams = plain.initialParameters(3);
    for (int i = 0; i < plainParams.length; i++) {
      plainParams[i] += 0.05f * (2 * rng.nextFloat() - 1); // non-zero biases, so their mapping is tested too
    }
    int rows = 24;
    float[] x = randomImages(rng, rows);
    int[] y = randomLabels(rng, rows);

    float[] plainGrad = new float[plain.parameterCount()];
    double plainLoss = plain.lossAndGradient(plainParams, x, y, rows, plainGrad);
    float[] dl4jGrad = new float[mlp.parameterCount()];
    Arrays.fill(dl4jGrad, Float.NaN); // must be overwritten
    double dl4jLoss = mlp.lossAndGradient(toDl4jLayout(plainParams), x, y, rows, dl4jGrad);

    assertEquals(plainLoss, dl4jLoss, 1e-4 * plainLoss);
    float[] expected = toDl4jLayout(plainGrad);
    assertClose(expected, dl4jGrad, 1e-4);
  }

  @Test
  void mlpEvaluationMatchesThePlainJavaMlp() {
    Model plain = ModelSpec.parse("mlp").newModel();
    float[] plainParams = plain.initialParameters(5);
    Dataset data = syntheticImages(600, 21);
    Evaluation expected = plain.evaluate(plainParams, data, 30, 590);
    Evaluation actual = mlp.evaluate(toDl4jLayout(plainParams), data, 30, 590);
    assertEquals(expected.count(), actual.count());
    assertEquals(expected.correct(), actual.correct(), 1, "float rounding may flip a near tie, not more");
    assertEquals(expected.lossSum(), actual.lossSum(), 1e-4 * expected.lossSum());
  }

  /**
   * Central differences in float32. The loss is a float near 2.3 computed through float sums, so
   * it carries relative noise near 1e-6, and ReLU and max-pool switch as weights move: a step of
   * 1e-2 already errs by 3% on the first convolution through switching, 1e-3 by up to 1% through
   * noise; 2e-3 keeps both near 1%, against a tolerance of 3%. Checked: one coordinate per tensor
   * (its largest gradient), and one direction through all coordinates that follows the signs of
   * the reported gradient, which a gradient laid out unlike the parameters, or scaled wrongly,
   * would get badly wrong.
   */
  @Test
  void cnnGradientMatchesFiniteDifferences() {
    SeededRandom rng = new SeededRandom(17);
    float[] p = cnn.initialParameters(9);
    for (ParamTensor t : cnn.layout()) {
      if (t.name().endsWith("_b")) {
        for (int k = 0; k < t.size(); k++) {
          p[t.offset() + k] = 0.1f * (2 * rng.nextFloat() - 1);
        }
      }
    }
    int rows = 6;
    float[] x = randomImages(rng, rows);
    int[] y = randomLabels(rng, rows);
    float[] grad = new float[cnn.parameterCount()];
    cnn.lossAndGradient(p, x, y, rows, grad);
    float h = 2e-3f;

    for (ParamTensor t : cnn.layout()) {
      int i = t.offset();
      for (int k = t.offset(); k < t.offset() + t.size(); k++) {
        if (Math.abs(grad[k]) > Math.abs(grad[i])) {
          i = k;
        }
      }
      float[] plus = p.clone();
      plus[i] += h;
      float[] minus = p.clone();
      minus[i] -= h;
      double fd = (loss(cnn, plus, x, y) - loss(cnn, minus, x, y)) / (plus[i] - minus[i]);
      assertEquals(fd, grad[i], 0.03 * Math.abs(fd) + 1e-4, t + " coordinate " + (i - t.offset()));
    }

    float[] direction = new float[p.length];
    double norm = 0;
    for (int i = 0; i < p.length; i++) {
      direction[i] = Math.signum(grad[i]) * rng.nextFloat();
      norm += (double) direction[i] * direction[i];
    }
    float step = (float) (h / Math.sqrt(norm));
    float[] plus = p.clone();
    float[] minus = p.clone();
    double predicted = 0;
    for (int i = 0; i < p.length; i++) {
      plus[i] += step * direction[i];
      minus[i] -= step * direction[i];
      predicted += (double) grad[i] * (plus[i] - minus[i]);
    }
    double measured = loss(cnn, plus, x, y) - loss(cnn, minus, x, y);
    assertEquals(measured, predicted, 0.03 * Math.abs(measured), "along the gradient's signs");
  }

  private static double loss(Model model, float[] params, float[] x, int[] y) {
    return model.lossAndGradient(params, x, y, y.length, new float[model.parameterCount()]);
  }

  @Test
  void gradientIsOverwrittenNotAccumulated() {
    SeededRandom rng = new SeededRandom(23);
    float[] p = cnn.initialParameters(1);
    float[] x = randomImages(rng, 5);
    int[] y = randomLabels(rng, 5);
    float[] first = new float[cnn.parameterCount()];
    float[] second = new float[cnn.parameterCount()];
    Arrays.fill(second, 1f);
    double lossA = cnn.lossAndGradient(p, x, y, 5, first);
    cnn.lossAndGradient(p, randomImages(rng, 3), randomLabels(rng, 3), 3, second);
    double lossB = cnn.lossAndGradient(p, x, y, 5, second);
    assertEquals(lossA, lossB);
    assertArrayEquals(first, second);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fashion-mnist", "synthetic"})
  void trainingTheCnnWithLocalTrainerLowersTheLoss(String source) {
    Dataset data;
    Dataset heldOut;
    if (source.equals("fashion-mnist")) {
      assumeTrue(FashionMnist.available(), "Fashion-MNIST is not installed");
      FashionMnist fm = FashionMnist.locate(Optional.empty());
      data = fm.train().head(1_500);
      heldOut = fm.test().head(500);
    } else {
      data = syntheticImages(1_500, 31);
      heldOut = syntheticImages(500, 32);
    }
    float[] global = cnn.initialParameters(42);
    Evaluation before = cnn.evaluate(global, heldOut);
    LocalUpdate update = new LocalTrainer(cnn).train(global, data, new TrainingConfig(3, 32, 0.05f, 0.9f, 0f, 0f), 7);
    float[] trained = global.clone();
    for (int i = 0; i < trained.length; i++) {
      trained[i] += update.delta()[i];
    }
    Evaluation after = cnn.evaluate(trained, heldOut);
    assertTrue(after.loss() < 0.6 * before.loss(), "held-out loss " + before + " -> " + after);
    assertTrue(after.accuracy() > 0.45, "held-out accuracy " + before + " -> " + after);
  }

  /** Rows 50..650 straddle the 512-row evaluation chunks; the manual path runs them as one batch. */
  @Test
  void cnnEvaluationAgreesWithOutputComputedByHand() {
    SeededRandom rng = new SeededRandom(29);
    float[] p = cnn.initialParameters(4);
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.02f * (2 * rng.nextFloat() - 1);
    }
    Dataset data = syntheticImages(700, 33);
    int from = 50;
    int to = 650;
    Evaluation evaluation = cnn.evaluate(p, data, from, to);

    int rows = to - from;
    float[] x = new float[rows * 784];
    int[] y = new int[rows];
    data.gatherRange(from, to, x, y);
    cnn.network().params().assign(Nd4j.createFromArray(p));
    INDArray out = cnn.network().output(Nd4j.createFromArray(x).reshape(rows, 784), false);
    long correct = 0;
    double lossSum = 0;
    for (int r = 0; r < rows; r++) {
      INDArray row = out.getRow(r);
      if (row.argMax().getInt(0) == y[r]) {
        correct++;
      }
      lossSum -= Math.log(Math.max(row.getDouble(y[r]), 1e-10));
    }
    assertEquals(rows, evaluation.count());
    assertEquals(correct, evaluation.correct());
    assertEquals(lossSum, evaluation.lossSum(), 1e-5 * lossSum);
    assertTrue(correct > 0 && correct < rows, "a degenerate check: " + correct + " of " + rows + " correct");
  }

  @Test
  void initialParametersAreFixedBySeedWithZeroBiases() {
    float[] a = cnn.initialParameters(5);
    assertArrayEquals(a, cnn.initialParameters(5));
    assertNotEquals(Arrays.hashCode(a), Arrays.hashCode(cnn.initialParameters(6)));
    for (ParamTensor t : cnn.layout()) {
      double bound = t.name().endsWith("_b") ? 0 : 1 / Math.sqrt(t.size() / t.shape()[0]);
      double maxAbs = 0;
      for (int k = t.offset(); k < t.offset() + t.size(); k++) {
        maxAbs = Math.max(maxAbs, Math.abs(a[k]));
      }
      assertTrue(maxAbs <= bound && maxAbs >= 0.9 * bound, t + ": max |w| " + maxAbs + ", bound " + bound);
    }
  }

  @Test
  void specsParseToDl4jModels() {
    Model model = ModelSpec.parse("dl4j-cnn").newModel();
    assertTrue(model instanceof Dl4jModel);
    assertEquals("dl4j-cnn", model.spec().toString());
    assertEquals(44_426, model.parameterCount());
    assertEquals(101_770, ModelSpec.parse("dl4j-mlp").newModel().parameterCount());
  }

  @Test
  void unknownOrUnfitSpecsFailClearly() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec.Dl4j("resnet", 784, 10).newModel());
    assertTrue(unknown.getMessage().contains("'resnet'") && unknown.getMessage().contains("cnn, mlp"),
        unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("dl4j-resnet"));
    IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec.Dl4j("cnn", 100, 10).newModel());
    assertTrue(wrongSize.getMessage().contains("784"), wrongSize.getMessage());
  }

  @Test
  void refusesNetworksWhoseGradientTheTrainerWouldNotControl() {
    MultiLayerConfiguration withL2 = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).l2(1e-4).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(16).nOut(10).activation(Activation.SOFTMAX).build())
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dl4jModel(MLP, withL2));
    assertTrue(e.getMessage().contains("regularisation"), e.getMessage());

    MultiLayerConfiguration squaredError = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
        .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(784).nOut(10).activation(Activation.SOFTMAX).build())
        .build();
    assertThrows(IllegalArgumentException.class, () -> new Dl4jModel(MLP, squaredError));
  }

  private static float[] toDl4jLayout(float[] plain) {
    int[] sizes = {784, 128, 10};
    float[] out = new float[plain.length];
    int plainOffset = 0;
    for (int l = 0; l < 2; l++) {
      int in = sizes[l];
      int outSize = sizes[l + 1];
      ParamTensor w = tensor(mlp, l + "_W");
      ParamTensor b = tensor(mlp, l + "_b");
      assertArrayEquals(new int[] {outSize, in}, w.shape());
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < outSize; j++) {
          out[w.offset() + j * in + i] = plain[plainOffset + i * outSize + j];
        }
      }
      plainOffset += in * outSize;
      System.arraycopy(plain, plainOffset, out, b.offset(), outSize);
      plainOffset += outSize;
    }
    return out;
  }

  private static ParamTensor tensor(Model model, String name) {
    return model.layout().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  /** Every element within {@code relative} of the largest expected magnitude. */
  private static void assertClose(float[] expected, float[] actual, double relative) {
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0);
    for (int i = 0; i < expected.length; i++) {
      int index = i;
      assertEquals(expected[i], actual[i], relative * scale, () -> "element " + index);
    }
  }

  private static float[] randomImages(SeededRandom rng, int rows) {
    float[] x = new float[rows * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat() < 0.5f ? 0f : rng.nextFloat(); // about half zero, like Fashion-MNIST
    }
    return x;
  }

  private static int[] randomLabels(SeededRandom rng, int rows) {
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = rng.nextInt(10);
    }
    return y;
  }

  /**
   * Ten classes, each a fixed random blob pattern; a sample is its class's pattern, shifted by up
   * to two pixels, with pixel noise. Learnable by a CNN in a few hundred steps, not by chance.
   */
  static Dataset syntheticImages(int n, long seed) {
    SeededRandom patterns = new SeededRandom(99);
    byte[][] templates = new byte[10][784];
    for (byte[] t : templates) {
      for (int blob = 0; blob < 4; blob++) {
        int cy = 6 + patterns.nextInt(16);
        int cx = 6 + patterns.nextInt(16);
        for (int r = cy - 3; r <= cy + 3; r++) {
          for (int c = cx - 3; c <= cx + 3; c++) {
            t[r * 28 + c] = (byte) 200;
          }
        }
      }
    }
    SeededRandom rng = new SeededRandom(seed);
    byte[] pixels = new byte[n * 784];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int label = rng.nextInt(10);
      labels[i] = (byte) label;
      int dy = rng.nextInt(5) - 2;
      int dx = rng.nextInt(5) - 2;
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          int sr = r - dy;
          int sc = c - dx;
          int v = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? templates[label][sr * 28 + sc] & 0xff : 0;
          v += rng.nextInt(80) - 20;
          pixels[i * 784 + r * 28 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return new Dataset("synthetic-blobs-" + seed, 784, 10, pixels, labels);
  }

  private static long[] reversed(long[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }
}
