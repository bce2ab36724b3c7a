package io.fedchain.learning.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates and loads Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60k training and 10k test images of
 * 28x28 grey pixels in 10 classes.
 *
 * <p>Search order: an explicit directory, then {@code $FEDCHAIN_DATA_DIR}, then the Debian package
 * {@code dataset-fashion-mnist} ({@code /usr/share/datasets/fashion-mnist}). Files may be gzip or
 * raw, with or without the {@code .gz} suffix.
 */
public final class FashionMnist {
  public static final String ENV_DATA_DIR = "FEDCHAIN_DATA_DIR";
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int FEATURES = 28 * 28;
  public static final int CLASSES = 10;
  public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final String[] FILES = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  private final Path dir;

  private FashionMnist(Path dir) {
    this.dir = dir;
  }

  /** The dataset in {@code dir}, which must hold all four files. */
  public static FashionMnist at(Path dir) {
    List<String> missing = missingFiles(dir);
    if (!missing.isEmpty()) {
      throw new DatasetException("Fashion-MNIST not found in " + dir + ": missing " + String.join(", ", missing)
          + ". " + howToGet());
    }
    return new FashionMnist(dir);
  }

  /** The first location that holds the dataset: {@code explicitDir}, the environment, Debian's package. */
  public static FashionMnist locate(Optional<Path> explicitDir) {
    if (explicitDir.isPresent()) {
      return at(explicitDir.get());
    }
    String env = System.getenv(ENV_DATA_DIR);
    if (env != null && !env.isBlank()) {
      return at(Path.of(env));
    }
    if (missingFiles(DEBIAN_DIR).isEmpty()) {
      return new FashionMnist(DEBIAN_DIR);
    }
    throw new DatasetException("Fashion-MNIST not found: no --data-dir given, $" + ENV_DATA_DIR
        + " is not set and " + DEBIAN_DIR + " does not hold it. " + howToGet());
  }

  /** True when {@link #locate} would find the dataset without an explicit directory. */
  public static boolean available() {
    String env = System.getenv(ENV_DATA_DIR);
    Path dir = env != null && !env.isBlank() ? Path.of(env) : DEBIAN_DIR;
    return missingFiles(dir).isEmpty();
  }

  public static String howToGet() {
    return "Install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu; 'make data' does this"
        + " when run as root), or download the four *-ubyte.gz files from"
        + " https://github.com/zalandoresearch/fashion-mnist into a directory and set " + ENV_DATA_DIR
        + " to it.";
  }

  public Path dir() {
    return dir;
  }

  public Dataset train() {
    return load("fashion-mnist/train", FILES[0], FILES[1]);
  }

  public Dataset test() {
    return load("fashion-mnist/test", FILES[2], FILES[3]);
  }

  private Dataset load(String name, String imagesFile, String labelsFile) {
    IdxFile images = IdxFile.read(resolve(dir, imagesFile).orElseThrow());
    IdxFile labels = IdxFile.read(resolve(dir, labelsFile).orElseThrow());
    int[] id = images.dims();
    int[] ld = labels.dims();
    if (id.length != 3 || id[1] * id[2] != FEATURES) {
      throw new DatasetException(images.path() + ": expected images of shape [n, 28, 28], found "
          + java.util.Arrays.toString(id));
    }
    if (ld.length != 1 || ld[0] != id[0]) {
      throw new DatasetException(labels.path() + ": expected " + id[0] + " labels to match " + images.path()
          + ", found shape " + java.util.Arrays.toString(ld));
    }
    byte[] y = labels.data();
    for (int i = 0; i < y.length; i++) {
      if ((y[i] & 0xff) >= CLASSES) {
        throw new DatasetException(labels.path() + ": label " + (y[i] & 0xff) + " at index " + i
            + " is outside [0, 10)");
      }
    }
    return new Dataset(name, FEATURES, CLASSES, images.data(), y);
  }

  private static List<String> missingFiles(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String f : FILES) {
      if (resolve(dir, f).isEmpty()) {
        missing.add(f + ".gz");
      }
    }
    return missing;
  }

  private static Optional<Path> resolve(Path dir, String base) {
    for (String candidate : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
