package io.fedchain.learning.partition;

import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a dataset among clients and holds out each client's validation slice. */
public final class Partitioning {
  private Partitioning() {}

  /**
   * @param validationFraction share of each client's rows held out for validation, in [0, 1); a
   *     client with at least two rows keeps at least one for training and, when the fraction is
   *     positive, one for validation
   */
  public static List<ClientData> split(Dataset data, Partitioner partitioner, int clients, double validationFraction,
      long seed) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
    }
    List<int[]> parts = partitioner.split(data.labels(), data.classes(), clients,
        SeededRandom.of(seed, "partition", 0));
    List<ClientData> out = new ArrayList<>(clients);
    for (int c = 0; c < parts.size(); c++) {
      int[] rows = parts.get(c).clone();
      SeededRandom.of(seed, "validation-split", c).shuffle(rows);
      int holdOut = (int) Math.floor(rows.length * validationFraction);
      if (validationFraction > 0 && rows.length >= 2) {
        holdOut = Math.max(1, Math.min(rows.length - 1, holdOut));
      }
      int[] validation = Arrays.copyOfRange(rows, 0, holdOut);
      int[] train = Arrays.copyOfRange(rows, holdOut, rows.length);
      out.add(new ClientData(c, data.subset("client-" + c + "/train", train),
          data.subset("client-" + c + "/validation", validation)));
    }
    return out;
  }

  /** Per-client label counts as a table, one row per client, for logs and reports. */
  public static String labelTable(List<ClientData> clients) {
    StringBuilder sb = new StringBuilder();
    int classes = clients.isEmpty() ? 0 : clients.get(0).train().classes();
    sb.append(String.format("%-7s %7s %6s ", "client", "train", "valid"));
    for (int c = 0; c < classes; c++) {
      sb.append(String.format("%6s", "c" + c));
    }
    sb.append('\n');
    for (ClientData cd : clients) {
      sb.append(String.format("%-7d %7d %6d ", cd.client(), cd.train().size(), cd.validation().size()));
      for (int count : cd.train().labelCounts()) {
        sb.append(String.format("%6d", count));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
