package io.fedchain.learning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFilesTest {
  @TempDir
  Path dir;

  @Test
  void writtenDatasetsReadBackIdentically() {
    Random rnd = new Random(7);
    for (int features : new int[] {784, 10}) {
      int n = 1 + rnd.nextInt(200);
      byte[] px = new byte[n * features];
      rnd.nextBytes(px);
      byte[] y = new byte[n];
      for (int i = 0; i < n; i++) {
        y[i] = (byte) rnd.nextInt(10);
      }
      Dataset d = new Dataset("d", features, 10, px, y);
      DatasetFiles.write(d, dir, "train" + features);
      Dataset back = DatasetFiles.read(dir, "train" + features, 10);
      assertEquals(n, back.size());
      assertEquals(features, back.features());
      assertArrayEquals(d.labels(), back.labels());
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < features; c++) {
          assertEquals(d.pixel(r, c), back.pixel(r, c));
        }
      }
    }
  }

  @Test
  void missingOrForeignFilesNameTheFile() throws Exception {
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetFiles.read(dir, "validation", 10));
    assertTrue(e.getMessage().contains("validation-images-idx3-ubyte.gz"), e.getMessage());
    Dataset d = new Dataset("d", 4, 10, new byte[8], new byte[] {3, 9});
    DatasetFiles.write(d, dir, "v");
    DatasetException labels = assertThrows(DatasetException.class, () -> DatasetFiles.read(dir, "v", 5));
    assertTrue(labels.getMessage().contains("label 9"), labels.getMessage());
    Files.writeString(DatasetFiles.imagesFile(dir, "v"), "not gzip");
    assertThrows(DatasetException.class, () -> DatasetFiles.read(dir, "v", 10));
  }
}
