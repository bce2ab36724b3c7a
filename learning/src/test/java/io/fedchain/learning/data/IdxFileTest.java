package io.fedchain.learning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  @TempDir
  Path dir;

  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static byte[] pattern(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  @Test
  void shouldReadRawAndGzipFilesAlike() throws IOException {
    byte[] data = pattern(3 * 4 * 5);
    Path raw = Files.write(dir.resolve("a-idx3-ubyte"), idx(new int[] {3, 4, 5}, data));
    Path gz = Files.write(dir.resolve("a-idx3-ubyte.gz"), gzip(idx(new int[] {3, 4, 5}, data)));
    for (Path p : new Path[] {raw, gz}) {
      IdxFile f = IdxFile.read(p);
      assertArrayEquals(new int[] {3, 4, 5}, f.dims());
      assertArrayEquals(data, f.data());
    }
  }

  @Test
  void shouldRejectTruncatedRawFileNamingFileAndSizes() throws IOException {
    byte[] full = idx(new int[] {10, 28, 28}, pattern(10 * 784));
    Path p = Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(full, full.length - 100));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(full.length)), "expected size: " + e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(full.length - 100)), "found size: " + e.getMessage());
  }

  @Test
  void shouldRejectTruncatedGzipStream() throws IOException {
    byte[] gz = gzip(idx(new int[] {50, 28, 28}, pattern(50 * 784)));
    Path p = Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void shouldRejectGzipOfTruncatedPayloadWithBothSizes() throws IOException {
    byte[] full = idx(new int[] {20}, pattern(20));
    Path p = Files.write(dir.resolve("labels.gz"), gzip(Arrays.copyOf(full, full.length - 5)));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains("declares " + full.length + " bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("found " + (full.length - 5)), e.getMessage());
  }

  @Test
  void shouldRejectCorruptGzipData() throws IOException {
    byte[] gz = gzip(idx(new int[] {100}, pattern(100)));
    for (int i = 12; i < gz.length - 8; i++) {
      gz[i] ^= (byte) 0x5a;
    }
    Path p = Files.write(dir.resolve("corrupt.gz"), gz);
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
  }

  @Test
  void shouldRejectTrailingBytes() throws IOException {
    byte[] full = idx(new int[] {4}, pattern(4));
    Path p = Files.write(dir.resolve("padded"), Arrays.copyOf(full, full.length + 3));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  @Test
  void shouldRejectBadMagicAndUnsupportedType() throws IOException {
    byte[] bad = idx(new int[] {4}, pattern(4));
    bad[0] = 1;
    Path p1 = Files.write(dir.resolve("magic"), bad);
    assertTrue(assertThrows(DatasetException.class, () -> IdxFile.read(p1)).getMessage().contains("not an IDX file"));
    byte[] floats = idx(new int[] {4}, pattern(4));
    floats[2] = 0x0D;
    Path p2 = Files.write(dir.resolve("floats"), floats);
    assertTrue(assertThrows(DatasetException.class, () -> IdxFile.read(p2)).getMessage().contains("0x0d"));
  }

  @Test
  void shouldNameMissingFile() {
    Path p = dir.resolve("absent.gz");
    DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("no such file"), e.getMessage());
  }

  private void writeFashion(Path target, int trainRows, int trainLabels) throws IOException {
    Files.createDirectories(target);
    Files.write(target.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {trainRows, 28, 28},
        pattern(trainRows * 784))));
    byte[] labels = new byte[trainLabels];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 10);
    }
    Files.write(target.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {trainLabels}, labels)));
    Files.write(target.resolve("t10k-images-idx3-ubyte"), idx(new int[] {3, 28, 28}, pattern(3 * 784)));
    Files.write(target.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {3}, new byte[] {9, 0, 5}));
  }

  @Test
  void shouldLoadFashionMnistLayoutFromDirectory() throws IOException {
    writeFashion(dir, 20, 20);
    FashionMnist fm = FashionMnist.locate(Optional.of(dir));
    Dataset train = fm.train();
    assertEquals(20, train.size());
    assertEquals(784, train.features());
    assertEquals(7, train.label(17));
    assertEquals(pattern(20 * 784)[784 + 5] & 0xff, train.pixel(1, 5));
    assertArrayEquals(new int[] {9, 0, 5}, fm.test().labels());
  }

  @Test
  void shouldRejectMismatchedImageAndLabelCounts() throws IOException {
    writeFashion(dir, 20, 19);
    DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.at(dir).train());
    assertTrue(e.getMessage().contains("expected 20 labels"), e.getMessage());
  }

  @Test
  void shouldSayHowToGetTheDataWhenMissing() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.at(dir.resolve("empty")));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains(FashionMnist.ENV_DATA_DIR), e.getMessage());
  }

  @Test
  void shouldRejectOutOfRangeLabel() throws IOException {
    writeFashion(dir, 3, 3);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {3}, new byte[] {1, 12, 2}));
    DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.at(dir).test());
    assertTrue(e.getMessage().contains("label 12 at index 1"), e.getMessage());
  }
}
