package io.fedchain.learning.model.dl4j;

import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The reference networks, by the name after {@code dl4j-} in a model spec. Entry point of
 * {@link ModelSpec.Dl4j#newModel()}, which calls {@link #create} by reflection.
 */
public final class Dl4jModels {
  public static final List<String> NAMES = List.of("cnn", "mlp");

  private static final int IMAGE_SIDE = 28;
  private static final int MLP_HIDDEN = 128;

  private Dl4jModels() {}

  public static Model create(ModelSpec.Dl4j spec) {
    return switch (spec.name()) {
      case "cnn" -> {
        if (spec.inputs() != IMAGE_SIDE * IMAGE_SIDE) {
          throw new IllegalArgumentException("model " + spec + " takes 28x28 greyscale images (784 inputs), not "
              + spec.inputs() + " inputs");
        }
        yield new Dl4jModel(spec, cnn(spec.classes()));
      }
      case "mlp" -> new Dl4jModel(spec, mlp(spec.inputs(), MLP_HIDDEN, spec.classes()));
      default -> throw new IllegalArgumentException("unknown DL4J model '" + spec.name() + "': accepted names are "
          + String.join(", ", NAMES) + " (as dl4j-cnn, dl4j-mlp)");
    };
  }

  /**
   * The "simple CNN" of NIID-Bench (Li et al. 2022, "Federated Learning on Non-IID Data Silos: An
   * Experimental Study") and the Flower baselines, LeNet-5 in shape: conv 5x5 6 channels, ReLU,
   * max-pool 2; conv 5x5 16 channels, ReLU, max-pool 2; dense 120 and 84 with ReLU; softmax. No
   * padding, so the feature maps are 24, 12, 8 and 4 pixels wide and the first dense layer sees
   * 16x4x4 = 256 inputs, flattened channel-major as PyTorch's {@code view} does: 44,426 parameters
   * for 10 classes.
   */
  static MultiLayerConfiguration cnn(int classes) {
    return base().list()
        .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(6).activation(Activation.RELU).build())
        .layer(maxPool2())
        .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(16).activation(Activation.RELU).build())
        .layer(maxPool2())
        .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
        .layer(softmax(classes))
        .setInputType(InputType.convolutionalFlat(IMAGE_SIDE, IMAGE_SIDE, 1))
        .build();
  }

  /** One ReLU hidden layer: the same function as the plain-Java {@code mlp:<in>-<hidden>-<classes>}. */
  static MultiLayerConfiguration mlp(int inputs, int hidden, int classes) {
    return base().list()
        .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(Activation.RELU).build())
        .layer(softmax(classes))
        .setInputType(InputType.feedForward(inputs))
        .build();
  }

  /**
   * Float parameters, no regularisation, and no updater: {@link Dl4jModel} only asks DL4J for
   * gradients; the project's trainer does the updates. The weights DL4J draws at construction are
   * never used ({@link Dl4jModel#initialParameters} draws its own), so the seed is fixed.
   */
  private static NeuralNetConfiguration.Builder base() {
    return new NeuralNetConfiguration.Builder()
        .seed(0)
        .dataType(DataType.FLOAT)
        .updater(new NoOp())
        .miniBatch(true);
  }

  private static SubsamplingLayer maxPool2() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
  }

  private static OutputLayer softmax(int classes) {
    return new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build();
  }
}
