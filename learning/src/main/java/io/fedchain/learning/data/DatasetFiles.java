package io.fedchain.learning.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * A dataset as a pair of gzipped IDX files, {@code <prefix>-images-idx3-ubyte.gz} (n × 28 × 28
 * unsigned bytes, or n × features when not square) and {@code <prefix>-labels-idx1-ubyte.gz}: the
 * format of Fashion-MNIST itself, so a member's local data (written by the devnet for each node)
 * opens with the same tools as the public files.
 */
public final class DatasetFiles {
  private DatasetFiles() {}

  public static Path imagesFile(Path dir, String prefix) {
    return dir.resolve(prefix + "-images-idx3-ubyte.gz");
  }

  public static Path labelsFile(Path dir, String prefix) {
    return dir.resolve(prefix + "-labels-idx1-ubyte.gz");
  }

  /** Writes {@code data} atomically (each file to a temporary name, then moved). */
  public static void write(Dataset data, Path dir, String prefix) {
    int n = data.size();
    int f = data.features();
    int side = (int) Math.round(Math.sqrt(f));
    int[] imageDims = side * side == f ? new int[] {n, side, side} : new int[] {n, f};
    byte[] pixels = new byte[n * f];
    for (int r = 0, k = 0; r < n; r++) {
      for (int c = 0; c < f; c++) {
        pixels[k++] = (byte) data.pixel(r, c);
      }
    }
    byte[] labels = new byte[n];
    for (int r = 0; r < n; r++) {
      labels[r] = (byte) data.label(r);
    }
    try {
      Files.createDirectories(dir);
      writeIdx(imagesFile(dir, prefix), imageDims, pixels);
      writeIdx(labelsFile(dir, prefix), new int[] {n}, labels);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + prefix + " data to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads the pair written by {@link #write}; errors name the file and what is wrong with it. */
  public static Dataset read(Path dir, String prefix, int classes) {
    Path ip = imagesFile(dir, prefix);
    Path lp = labelsFile(dir, prefix);
    for (Path p : new Path[] {ip, lp}) {
      if (!Files.isRegularFile(p)) {
        throw new DatasetException(p + " not found: a member's local data is a pair of IDX files, "
            + imagesFile(Path.of(""), prefix) + " and " + labelsFile(Path.of(""), prefix));
      }
    }
    IdxFile images = IdxFile.read(ip);
    IdxFile labels = IdxFile.read(lp);
    int[] id = images.dims();
    int[] ld = labels.dims();
    if (ld.length != 1 || ld[0] != id[0]) {
      throw new DatasetException(lp + ": expected " + id[0] + " labels to match " + ip + ", found shape "
          + java.util.Arrays.toString(ld));
    }
    int features = 1;
    for (int i = 1; i < id.length; i++) {
      features *= id[i];
    }
    byte[] y = labels.data();
    for (int i = 0; i < y.length; i++) {
      if ((y[i] & 0xff) >= classes) {
        throw new DatasetException(lp + ": label " + (y[i] & 0xff) + " at index " + i + " is outside [0, "
            + classes + ")");
      }
    }
    return new Dataset(dir.getFileName() + "/" + prefix, features, classes, images.data(), y);
  }

  private static void writeIdx(Path path, int[] dims, byte[] data) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(os, 1 << 16))) {
      out.writeByte(0);
      out.writeByte(0);
      out.writeByte(0x08);
      out.writeByte(dims.length);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
