package io.fedchain.learning.partition;

import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a dataset is split among clients, following the conventions of NIID-Bench (Li, Diao, Chen,
 * He 2022, "Federated Learning on Non-IID Data Silos: An Experimental Study"), so results can be set
 * beside published ones:
 * <ul>
 *   <li>{@code iid}: a random permutation cut into equal parts;</li>
 *   <li>{@code dirichlet:<alpha>} ("noniid-labeldir"): for each class, client shares drawn from
 *       Dirichlet(alpha), clients already holding N/clients samples get no more, redrawn until every
 *       client has at least 10 samples; smaller alpha is more skewed;</li>
 *   <li>{@code classes:<k>} ("noniid-#label k"): client i holds class i mod C plus k-1 others drawn at
 *       random; each class is split equally among the clients holding it.</li>
 * </ul>
 */
public sealed interface Partitioner permits Partitioner.Iid, Partitioner.Dirichlet, Partitioner.ClassesPerClient {

  /** Row indices of each client, from the dataset's labels. Deterministic for the generator's seed. */
  List<int[]> split(int[] labels, int classes, int clients, SeededRandom rng);

  static Partitioner parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.equals("iid")) {
        return new Iid();
      }
      if (s.startsWith("dirichlet:")) {
        return new Dirichlet(Double.parseDouble(s.substring("dirichlet:".length())));
      }
      if (s.startsWith("classes:")) {
        return new ClassesPerClient(Integer.parseInt(s.substring("classes:".length())));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad partition '" + text + "': the number after ':' is not valid");
    }
    throw new IllegalArgumentException("unknown partition '" + text
        + "': expected iid, dirichlet:<alpha> (e.g. dirichlet:0.5) or classes:<k> (e.g. classes:2)");
  }

  private static void checkClients(int rows, int clients) {
    if (clients < 1) {
      throw new IllegalArgumentException("need at least one client, got " + clients);
    }
    if (rows < clients) {
      throw new IllegalArgumentException("cannot split " + rows + " samples among " + clients + " clients");
    }
  }

  /** numpy's array_split: the first {@code n % parts} parts get one extra element. */
  private static List<int[]> arraySplit(int[] a, int parts) {
    List<int[]> out = new ArrayList<>(parts);
    int base = a.length / parts;
    int extra = a.length % parts;
    int pos = 0;
    for (int p = 0; p < parts; p++) {
      int len = base + (p < extra ? 1 : 0);
      out.add(Arrays.copyOfRange(a, pos, pos + len));
      pos += len;
    }
    return out;
  }

  private static int[][] rowsByClass(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int y : labels) {
      counts[y]++;
    }
    int[][] byClass = new int[classes][];
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[counts[c]];
    }
    int[] fill = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][fill[labels[i]]++] = i;
    }
    return byClass;
  }

  record Iid() implements Partitioner {
    @Override
    public List<int[]> split(int[] labels, int classes, int clients, SeededRandom rng) {
      checkClients(labels.length, clients);
      return arraySplit(rng.permutation(labels.length), clients);
    }

    @Override
    public String toString() {
      return "iid";
    }
  }

  record Dirichlet(double alpha) implements Partitioner {
    static final int MIN_CLIENT_SIZE = 10;
    static final int MAX_ATTEMPTS = 1000;

    public Dirichlet {
      if (!(alpha > 0) || Double.isInfinite(alpha)) {
        throw new IllegalArgumentException("Dirichlet alpha must be a positive number, got " + alpha);
      }
    }

    @Override
    public List<int[]> split(int[] labels, int classes, int clients, SeededRandom rng) {
      checkClients(labels.length, clients);
      int[][] byClass = rowsByClass(labels, classes);
      int minRequired = Math.min(MIN_CLIENT_SIZE, labels.length / clients);
      double cap = (double) labels.length / clients;
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        IntList[] parts = new IntList[clients];
        for (int j = 0; j < clients; j++) {
          parts[j] = new IntList();
        }
        for (int c = 0; c < classes; c++) {
          int[] rows = byClass[c].clone();
          rng.shuffle(rows);
          double[] p = rng.nextDirichlet(alpha, clients);
          double sum = 0;
          for (int j = 0; j < clients; j++) {
            if (parts[j].size() >= cap) {
              p[j] = 0;
            }
            sum += p[j];
          }
          if (sum == 0) {
            Arrays.fill(p, 1.0 / clients);
            sum = 1;
          }
          // Cut points as numpy computes them: (cumsum(p) * n).astype(int), last one dropped.
          double cumulative = 0;
          int start = 0;
          for (int j = 0; j < clients; j++) {
            int end;
            if (j == clients - 1) {
              end = rows.length;
            } else {
              cumulative += p[j] / sum;
              end = Math.max(start, Math.min(rows.length, (int) (cumulative * rows.length)));
            }
            parts[j].addRange(rows, start, end);
            start = end;
          }
        }
        int min = Integer.MAX_VALUE;
        for (IntList part : parts) {
          min = Math.min(min, part.size());
        }
        if (min >= minRequired) {
          List<int[]> out = new ArrayList<>(clients);
          for (IntList part : parts) {
            int[] rows = part.toArray();
            rng.shuffle(rows);
            out.add(rows);
          }
          return out;
        }
      }
      throw new IllegalArgumentException("Dirichlet(" + alpha + ") partition of " + labels.length + " samples among "
          + clients + " clients left a client with fewer than " + minRequired + " samples in " + MAX_ATTEMPTS
          + " draws: use fewer clients or a larger alpha");
    }

    @Override
    public String toString() {
      return "dirichlet:" + alpha;
    }
  }

  record ClassesPerClient(int k) implements Partitioner {
    public ClassesPerClient {
      if (k < 1) {
        throw new IllegalArgumentException("classes per client must be >= 1, got " + k);
      }
    }

    @Override
    public List<int[]> split(int[] labels, int classes, int clients, SeededRandom rng) {
      checkClients(labels.length, clients);
      if (k > classes) {
        throw new IllegalArgumentException("cannot give each client " + k + " classes: the data has " + classes);
      }
      boolean[][] holds = new boolean[clients][classes];
      int[] holders = new int[classes];
      for (int i = 0; i < clients; i++) {
        int first = i % classes;
        holds[i][first] = true;
        holders[first]++;
        int chosen = 1;
        while (chosen < k) {
          int c = rng.nextInt(classes);
          if (!holds[i][c]) {
            holds[i][c] = true;
            holders[c]++;
            chosen++;
          }
        }
      }
      IntList[] parts = new IntList[clients];
      for (int j = 0; j < clients; j++) {
        parts[j] = new IntList();
      }
      int[][] byClass = rowsByClass(labels, classes);
      for (int c = 0; c < classes; c++) {
        if (holders[c] == 0) {
          continue;
        }
        int[] rows = byClass[c].clone();
        rng.shuffle(rows);
        List<int[]> pieces = arraySplit(rows, holders[c]);
        int next = 0;
        for (int j = 0; j < clients; j++) {
          if (holds[j][c]) {
            int[] piece = pieces.get(next++);
            parts[j].addRange(piece, 0, piece.length);
          }
        }
      }
      List<int[]> out = new ArrayList<>(clients);
      for (int j = 0; j < clients; j++) {
        if (parts[j].size() == 0) {
          throw new IllegalArgumentException("classes:" + k + " left client " + j + " without samples: the data has"
              + " too few samples of its classes for " + clients + " clients");
        }
        out.add(parts[j].toArray());
      }
      return out;
    }

    @Override
    public String toString() {
      return "classes:" + k;
    }
  }
}
