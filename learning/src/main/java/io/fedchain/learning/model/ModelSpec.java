package io.fedchain.learning.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The architecture of a model, written as a short string that the genesis file and the CLI use:
 * <ul>
 *   <li>{@code softmax} - multinomial logistic regression, 784-10;</li>
 *   <li>{@code mlp} - 784-128-10 with ReLU; {@code mlp:784-256-128-10} for other layer sizes
 *       (input first, classes last);</li>
 *   <li>{@code dl4j-cnn} - the reference small CNN run by DL4J (see {@code Dl4jModels}).</li>
 * </ul>
 * {@link #toString()} gives the canonical form, which round-trips through {@link #parse}.
 */
public sealed interface ModelSpec permits ModelSpec.Mlp, ModelSpec.Dl4j {
  int DEFAULT_INPUTS = 28 * 28;
  int DEFAULT_CLASSES = 10;

  int inputs();

  int classes();

  Model newModel();

  /** Parses the forms listed above; the error names the bad text and the accepted forms. */
  static ModelSpec parse(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("softmax") || s.equals("logreg")) {
      return new Mlp(new int[] {DEFAULT_INPUTS, DEFAULT_CLASSES});
    }
    if (s.equals("mlp")) {
      return new Mlp(new int[] {DEFAULT_INPUTS, 128, DEFAULT_CLASSES});
    }
    if (s.startsWith("mlp:") || s.startsWith("softmax:")) {
      String[] parts = s.substring(s.indexOf(':') + 1).split("-");
      int[] sizes = new int[parts.length];
      try {
        for (int i = 0; i < parts.length; i++) {
          sizes[i] = Integer.parseInt(parts[i]);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad model '" + text + "': layer sizes must be integers, as in mlp:784-128-10");
      }
      if (s.startsWith("softmax:") && sizes.length != 2) {
        throw new IllegalArgumentException("bad model '" + text + "': softmax takes two sizes, as in softmax:784-10");
      }
      return new Mlp(sizes);
    }
    if (s.equals("dl4j-cnn") || s.equals("cnn")) {
      return new Dl4j("cnn", DEFAULT_INPUTS, DEFAULT_CLASSES);
    }
    if (s.equals("dl4j-mlp")) {
      return new Dl4j("mlp", DEFAULT_INPUTS, DEFAULT_CLASSES);
    }
    throw new IllegalArgumentException("unknown model '" + text
        + "': expected softmax, mlp, mlp:<in>-<hidden...>-<classes>, dl4j-cnn or dl4j-mlp");
  }

  /** A multilayer perceptron with ReLU hidden layers in plain Java; no hidden layer is softmax regression. */
  record Mlp(int[] sizes) implements ModelSpec {
    public Mlp {
      if (sizes.length < 2) {
        throw new IllegalArgumentException("an MLP needs at least input and output sizes, got " + Arrays.toString(sizes));
      }
      for (int size : sizes) {
        if (size < 1 || size > 1 << 16) {
          throw new IllegalArgumentException("layer sizes must be in [1, 65536], got " + Arrays.toString(sizes));
        }
      }
      if (sizes[sizes.length - 1] < 2) {
        throw new IllegalArgumentException("the output layer needs at least 2 classes, got " + Arrays.toString(sizes));
      }
      sizes = sizes.clone();
    }

    @Override
    public int[] sizes() {
      return sizes.clone();
    }

    @Override
    public int inputs() {
      return sizes[0];
    }

    @Override
    public int classes() {
      return sizes[sizes.length - 1];
    }

    @Override
    public Model newModel() {
      return new MlpModel(this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Mlp m && Arrays.equals(m.sizes, sizes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
      String joined = Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"));
      return (sizes.length == 2 ? "softmax:" : "mlp:") + joined;
    }
  }

  /** A reference network run by DL4J/ND4J through the same interface. */
  record Dl4j(String name, int inputs, int classes) implements ModelSpec {
    /** Loaded by name so that modules without ND4J on their classpath never link against it. */
    @Override
    public Model newModel() {
      try {
        Class<?> factory = Class.forName("io.fedchain.learning.model.dl4j.Dl4jModels");
        return (Model) factory.getMethod("create", Dl4j.class).invoke(null, this);
      } catch (ClassNotFoundException | NoClassDefFoundError e) {
        throw new IllegalStateException("model " + this + " needs DL4J and ND4J on the classpath (the node's"
            + " distribution has them; this process does not): " + e.getMessage(), e);
      } catch (java.lang.reflect.InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("cannot create model " + this + ": " + cause, cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create model " + this + ": " + e, e);
      }
    }

    @Override
    public String toString() {
      return "dl4j-" + name;
    }
  }
}
