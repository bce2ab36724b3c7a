package io.fedchain.learning.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a simulation, and its files: {@code rounds.csv}, {@code updates.csv}, {@code accuracy.png},
 * and with the filter on {@code scores.csv}.
 *
 * @param divergedRound the round in which the global model's weights became non-finite and the run
 *     stopped, or 0 when it ran to the end
 * @param scores every validator's measurement of every update (empty without the filter)
 */
public record SimulationReport(SimulationConfig config, int[] attackers, List<RoundResult> rounds,
    List<UpdateRecord> updates, double seconds, int divergedRound, List<ScoreRecord> scores) {

  public RoundResult last() {
    return rounds.get(rounds.size() - 1);
  }

  /** Honest updates rejected over the whole run, as a share of all honest updates. */
  public double honestRejectionRate() {
    long honest = updates.stream().filter(u -> !u.attacker()).count();
    long rejected = updates.stream().filter(u -> !u.attacker() && !u.accepted()).count();
    return honest == 0 ? 0 : (double) rejected / honest;
  }

  /** Attackers' updates accepted over the whole run, as a share of all attackers' updates. */
  public double maliciousAcceptanceRate() {
    long malicious = updates.stream().filter(UpdateRecord::attacker).count();
    long accepted = updates.stream().filter(u -> u.attacker() && u.accepted()).count();
    return malicious == 0 ? 0 : (double) accepted / malicious;
  }

  public void writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      List<String> lines = new ArrayList<>();
      lines.add(RoundResult.CSV_HEADER);
      rounds.forEach(r -> lines.add(r.csvRow()));
      Files.write(dir.resolve("rounds.csv"), lines);
      lines.clear();
      lines.add(UpdateRecord.CSV_HEADER);
      updates.forEach(u -> lines.add(u.csvRow()));
      Files.write(dir.resolve("updates.csv"), lines);
      if (!scores.isEmpty()) {
        lines.clear();
        lines.add(ScoreRecord.CSV_HEADER);
        scores.forEach(r -> lines.add(r.csvRow()));
        Files.write(dir.resolve("scores.csv"), lines);
      }
      AccuracyChart.write(dir.resolve("accuracy.png"), "fedchain simulate: " + config.describe(),
          Map.of("test accuracy", rounds));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Header of the per-round table printed while a simulation runs. */
  public static String tableHeader() {
    return String.format("%5s  %8s  %7s  %8s  %8s  %14s  %8s", "round", "test_acc", "loss", "accepted", "rejected",
        "honest_rej/mal", "seconds");
  }

  public static String tableRow(RoundResult r) {
    return String.format("%5d  %8.4f  %7.4f  %8d  %8d  %9d/%-4d  %8.1f", r.round(), r.testAccuracy(), r.testLoss(),
        r.accepted(), r.rejected(), r.honestRejected(), r.maliciousAccepted(), r.seconds())
        + (Double.isNaN(r.dpEpsilon()) ? "" : String.format("  eps %.2f", r.dpEpsilon()));
  }
}
