package io.fedchain.learning.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable labelled dataset of 8-bit features (image pixels), stored as bytes to keep a
 * 60k-sample set at 47 MB instead of 188 MB. Models read features as floats in [0, 1] through
 * {@link #gather}.
 */
public final class Dataset {
  private final String name;
  private final int features;
  private final int classes;
  private final byte[] pixels;
  private final byte[] labels;

  /**
   * @param pixels row-major, {@code labels.length * features} unsigned bytes; not copied
   * @param labels class of each row, each in {@code [0, classes)}; not copied
   */
  public Dataset(String name, int features, int classes, byte[] pixels, byte[] labels) {
    this.name = Objects.requireNonNull(name);
    if (features <= 0 || classes <= 1 || classes > 256) {
      throw new IllegalArgumentException("features must be > 0 and classes in [2, 256], got "
          + features + " and " + classes);
    }
    if ((long) labels.length * features != pixels.length) {
      throw new IllegalArgumentException(name + ": " + pixels.length + " feature bytes do not hold "
          + labels.length + " rows of " + features);
    }
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label >= classes) {
        throw new IllegalArgumentException(name + ": row " + i + " has label " + label
            + ", outside [0, " + classes + ")");
      }
    }
    this.features = features;
    this.classes = classes;
    this.pixels = pixels;
    this.labels = labels;
  }

  public String name() {
    return name;
  }

  public int size() {
    return labels.length;
  }

  public int features() {
    return features;
  }

  public int classes() {
    return classes;
  }

  public int label(int row) {
    return labels[row] & 0xff;
  }

  public int[] labels() {
    int[] out = new int[labels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels[i] & 0xff;
    }
    return out;
  }

  /** Number of rows of each class. */
  public int[] labelCounts() {
    int[] counts = new int[classes];
    for (byte label : labels) {
      counts[label & 0xff]++;
    }
    return counts;
  }

  /** Raw feature byte {@code col} of row {@code row}, in [0, 255]. */
  public int pixel(int row, int col) {
    return pixels[row * features + col] & 0xff;
  }

  /**
   * Copies rows {@code rows[from..to)} as floats in [0, 1] into {@code x} (row-major) and their
   * labels into {@code y}.
   */
  public void gather(int[] rows, int from, int to, float[] x, int[] y) {
    final float scale = 1f / 255f;
    for (int r = from; r < to; r++) {
      int src = rows[r] * features;
      int dst = (r - from) * features;
      for (int c = 0; c < features; c++) {
        x[dst + c] = (pixels[src + c] & 0xff) * scale;
      }
      y[r - from] = labels[rows[r]] & 0xff;
    }
  }

  /** Copies consecutive rows {@code [from, to)}. */
  public void gatherRange(int from, int to, float[] x, int[] y) {
    final float scale = 1f / 255f;
    int n = (to - from) * features;
    int src = from * features;
    for (int i = 0; i < n; i++) {
      x[i] = (pixels[src + i] & 0xff) * scale;
    }
    for (int r = from; r < to; r++) {
      y[r - from] = labels[r] & 0xff;
    }
  }

  /** A new dataset of the given rows, in the given order. */
  public Dataset subset(String subsetName, int[] rows) {
    byte[] p = new byte[rows.length * features];
    byte[] l = new byte[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(pixels, rows[i] * features, p, i * features, features);
      l[i] = labels[rows[i]];
    }
    return new Dataset(subsetName, features, classes, p, l);
  }

  /** The first {@code n} rows (all of them when {@code n >= size()}). */
  public Dataset head(int n) {
    if (n >= size()) {
      return this;
    }
    return new Dataset(name + "[0:" + n + "]", features, classes,
        Arrays.copyOf(pixels, n * features), Arrays.copyOf(labels, n));
  }

  /** The same features with each label replaced by {@code mapping[label]}. */
  public Dataset relabel(String newName, int[] mapping) {
    if (mapping.length != classes) {
      throw new IllegalArgumentException("label mapping has " + mapping.length + " entries, need " + classes);
    }
    byte[] l = new byte[labels.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (byte) mapping[labels[i] & 0xff];
    }
    return new Dataset(newName, features, classes, pixels, l);
  }

  @Override
  public String toString() {
    return name + " (" + size() + " x " + features + ", " + classes + " classes)";
  }
}
