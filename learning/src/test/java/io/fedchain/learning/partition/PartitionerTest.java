package io.fedchain.learning.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.util.SeededRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  /** 10 classes, 600 rows each, in a fixed order. */
  private static int[] balancedLabels() {
    int[] labels = new int[6000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    return labels;
  }

  private static void assertExactCover(List<int[]> parts, int rows) {
    boolean[] seen = new boolean[rows];
    int total = 0;
    for (int[] part : parts) {
      for (int r : part) {
        assertFalse(seen[r], "row " + r + " given to two clients");
        seen[r] = true;
      }
      total += part.length;
    }
    assertEquals(rows, total, "every row goes to exactly one client");
  }

  /** Mean over clients of the entropy (bits) of the client's label distribution. */
  private static double meanLabelEntropy(List<int[]> parts, int[] labels) {
    double sum = 0;
    for (int[] part : parts) {
      int[] counts = new int[10];
      for (int r : part) {
        counts[labels[r]]++;
      }
      double h = 0;
      for (int c : counts) {
        if (c > 0) {
          double p = (double) c / part.length;
          h -= p * Math.log(p) / Math.log(2);
        }
      }
      sum += h;
    }
    return sum / parts.size();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void iidShouldSplitEquallyAndCoverEveryRow(long seed) {
    int[] labels = balancedLabels();
    List<int[]> parts = new Partitioner.Iid().split(labels, 10, 7, new SeededRandom(seed));
    assertExactCover(parts, labels.length);
    for (int[] p : parts) {
      assertTrue(p.length == 6000 / 7 || p.length == 6000 / 7 + 1, "size " + p.length);
    }
    assertTrue(meanLabelEntropy(parts, labels) > 3.2, "IID clients see nearly uniform labels");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void dirichletShouldCoverEveryRowAndKeepTenPerClient(long seed) {
    int[] labels = balancedLabels();
    List<int[]> parts = new Partitioner.Dirichlet(0.5).split(labels, 10, 10, new SeededRandom(seed));
    assertExactCover(parts, labels.length);
    for (int[] p : parts) {
      assertTrue(p.length >= 10, "client with " + p.length + " rows");
    }
  }

  @Test
  void dirichletSkewShouldGrowAsAlphaShrinks() {
    int[] labels = balancedLabels();
    double[] alphas = {0.1, 0.5, 5, 1000};
    double previous = -1;
    for (double alpha : alphas) {
      double h = 0;
      for (long seed = 1; seed <= 5; seed++) {
        h += meanLabelEntropy(new Partitioner.Dirichlet(alpha).split(labels, 10, 10, new SeededRandom(seed)), labels);
      }
      h /= 5;
      assertTrue(h > previous, "alpha " + alpha + " gives mean label entropy " + h + ", not above " + previous);
      previous = h;
    }
    assertTrue(previous > 3.25, "alpha 1000 is close to IID (max entropy log2(10) = 3.32), got " + previous);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void classesPerClientShouldGiveEachClientExactlyKClasses(int k) {
    int[] labels = balancedLabels();
    List<int[]> parts = new Partitioner.ClassesPerClient(k).split(labels, 10, 10, new SeededRandom(7));
    assertExactCover(parts, labels.length);
    for (int c = 0; c < parts.size(); c++) {
      Set<Integer> classes = new HashSet<>();
      for (int r : parts.get(c)) {
        classes.add(labels[r]);
      }
      assertEquals(k, classes.size(), "client " + c);
      assertTrue(classes.contains(c % 10), "client i holds class i mod C (NIID-Bench)");
    }
  }

  @Test
  void classesPerClientShouldSplitEachClassEquallyAmongHolders() {
    int[] labels = balancedLabels();
    List<int[]> parts = new Partitioner.ClassesPerClient(2).split(labels, 10, 10, new SeededRandom(3));
    int[][] counts = new int[10][10];
    int[] holders = new int[10];
    for (int c = 0; c < 10; c++) {
      for (int r : parts.get(c)) {
        counts[labels[r]][c]++;
      }
    }
    for (int y = 0; y < 10; y++) {
      for (int c = 0; c < 10; c++) {
        if (counts[y][c] > 0) {
          holders[y]++;
        }
      }
      for (int c = 0; c < 10; c++) {
        if (counts[y][c] > 0) {
          int share = 600 / holders[y];
          assertTrue(counts[y][c] == share || counts[y][c] == share + 1, "class " + y + " share " + counts[y][c]);
        }
      }
    }
  }

  @Test
  void shouldBeDeterministicForASeed() {
    int[] labels = balancedLabels();
    for (String spec : new String[] {"iid", "dirichlet:0.3", "classes:2"}) {
      Partitioner p = Partitioner.parse(spec);
      List<int[]> a = p.split(labels, 10, 8, new SeededRandom(99));
      List<int[]> b = p.split(labels, 10, 8, new SeededRandom(99));
      List<int[]> c = p.split(labels, 10, 8, new SeededRandom(100));
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.get(i), b.get(i), spec);
      }
      assertFalse(a.get(0).length == c.get(0).length && java.util.Arrays.equals(a.get(0), c.get(0)),
          spec + " depends on the seed");
    }
  }

  @Test
  void shouldParseAndPrintSpecs() {
    assertEquals("iid", Partitioner.parse("IID").toString());
    assertEquals("dirichlet:0.5", Partitioner.parse("dirichlet:0.5").toString());
    assertEquals("classes:2", Partitioner.parse(" classes:2 ").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partitioner.parse("zipf:1"));
    assertTrue(e.getMessage().contains("zipf:1") && e.getMessage().contains("dirichlet:<alpha>"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Partitioner.parse("dirichlet:-1"));
    assertThrows(IllegalArgumentException.class, () -> Partitioner.parse("dirichlet:abc"));
    assertThrows(IllegalArgumentException.class, () -> Partitioner.parse("classes:0"));
  }

  @Test
  void shouldRejectMoreClassesThanTheDataHas() {
    assertThrows(IllegalArgumentException.class,
        () -> new Partitioner.ClassesPerClient(11).split(balancedLabels(), 10, 5, new SeededRandom(1)));
  }

  @Test
  void validationSlicesShouldBeDisjointFromTrainingAndSized() {
    Dataset data = SyntheticData.fashionShaped("synthetic", 2000, 5);
    List<ClientData> clients = Partitioning.split(data, Partitioner.parse("dirichlet:0.5"), 5, 0.1, 11);
    int total = 0;
    for (ClientData cd : clients) {
      int rows = cd.train().size() + cd.validation().size();
      total += rows;
      assertEquals((int) Math.floor(rows * 0.1) == 0 ? 1 : (int) Math.floor(rows * 0.1), cd.validation().size());
      Set<String> trainRows = new HashSet<>();
      for (int r = 0; r < cd.train().size(); r++) {
        trainRows.add(rowKey(cd.train(), r));
      }
      int overlap = 0;
      for (int r = 0; r < cd.validation().size(); r++) {
        if (trainRows.contains(rowKey(cd.validation(), r))) {
          overlap++;
        }
      }
      assertEquals(0, overlap, "client " + cd.client() + " validates on rows it trains on");
    }
    assertEquals(2000, total);
    assertTrue(Partitioning.labelTable(clients).lines().count() == 6);
  }

  private static String rowKey(Dataset d, int row) {
    StringBuilder sb = new StringBuilder();
    for (int f = 0; f < d.features(); f++) {
      sb.append((char) d.pixel(row, f));
    }
    return sb.toString();
  }
}
