package io.fedchain.node.cli;

import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.score.VerdictRule;
import io.fedchain.learning.sim.AccuracyChart;
import io.fedchain.learning.sim.RoundResult;
import io.fedchain.learning.sim.Simulation;
import io.fedchain.learning.sim.SimulationConfig;
import io.fedchain.learning.sim.SimulationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain bench filter}: the validation filter against attacks. The same 10-client
 * Dirichlet(0.5) MLP setup runs without attackers, with 3 label-flipping attackers and with 3
 * sign-flipping (x5) attackers, each with plain FedAvg and with the filter on; robust aggregators
 * can be added for reference. One run per configuration, all from the same seed.
 */
@Command(name = "filter", mixinStandardHelpOptions = true,
    description = "Accuracy under attack with and without the validation filter (one simulation per setting).")
final class FilterBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--rounds", defaultValue = "30", description = "Rounds per run (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every run (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--filter-rule", defaultValue = "loo:0.02",
      description = "Verdict rule of the filter runs (default: ${DEFAULT-VALUE}).")
  String rule;

  @Option(names = "--attacks", split = ",", defaultValue = "label-flip,sign-flip:5",
      description = "Attacks to run, 3 of 10 clients each (default: ${DEFAULT-VALUE}).")
  List<String> attacks;

  @Option(names = "--robust", split = ",", defaultValue = "",
      description = "Robust aggregators to add under each attack, e.g. median,trimmed-mean:0.3,krum:3.")
  List<String> robust;

  @Option(names = "--train-limit", defaultValue = "0", description = "Use only the first N training samples.")
  int trainLimit;

  @Option(names = "--data-dir", description = "Directory holding Fashion-MNIST.")
  Optional<Path> dataDir;

  @Option(names = "--out", defaultValue = "out/bench-filter", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    FashionMnist fm = FashionMnist.locate(dataDir);
    Dataset train = fm.train();
    Dataset test = fm.test();
    SimulationConfig base = SimulationConfig.builder().rounds(rounds).seed(seed).limits(trainLimit, 0).build();
    Optional<VerdictRule> filter = Optional.of(VerdictRule.parse(rule));

    Map<String, SimulationConfig> runs = new LinkedHashMap<>();
    runs.put("no attack, fedavg", base);
    runs.put("no attack, filter", base.toBuilder().filter(filter).build());
    for (String a : attacks) {
      Attack attack = Attack.parse(a);
      SimulationConfig attacked = base.toBuilder().attack(3, Optional.of(attack)).build();
      runs.put(attack + ", fedavg", attacked);
      runs.put(attack + ", filter", attacked.toBuilder().filter(filter).build());
      for (String r : robust) {
        if (!r.isBlank()) {
          runs.put(attack + ", " + r, attacked.toBuilder().aggregator(Aggregator.parse(r)).build());
        }
      }
    }

    Files.createDirectories(out);
    List<String> lines = new ArrayList<>();
    lines.add("Machine: " + MachineInfo.describe());
    lines.add("Setup: " + base.describe() + "; attackers are 3 of the 10 clients and vote adversarially;"
        + " filter = " + rule + ", an update needs > 2/3 of the 10 validators' votes.");
    lines.add("");
    lines.add("| run | round-" + rounds + " accuracy | best | honest updates rejected | attackers' updates accepted "
        + "| seconds |");
    lines.add("|---|---|---|---|---|---|");
    Map<String, List<RoundResult>> series = new LinkedHashMap<>();
    List<String> csv = new ArrayList<>(List.of("run,final_accuracy,best_accuracy,honest_rejected_rate,"
        + "malicious_accepted_rate,seconds"));
    for (Map.Entry<String, SimulationConfig> run : runs.entrySet()) {
      stdout.println("running: " + run.getKey());
      stdout.flush();
      SimulationReport report = new Simulation(run.getValue(), train, test).run(new Simulation.Listener() {});
      report.writeTo(out.resolve(run.getKey().replaceAll("[^a-zA-Z0-9.]+", "-")));
      double best = report.rounds().stream().mapToDouble(RoundResult::testAccuracy).max().orElse(0);
      String finalAccuracy = report.divergedRound() > 0
          ? String.format("%.4f (diverged in round %d)", report.last().testAccuracy(), report.divergedRound())
          : String.format("%.4f", report.last().testAccuracy());
      String row = String.format("| %s | %s | %.4f | %.1f%% | %s | %.0f |", run.getKey(), finalAccuracy,
          best, 100 * report.honestRejectionRate(),
          run.getValue().attackers() == 0 ? "-" : String.format("%.1f%%", 100 * report.maliciousAcceptanceRate()),
          report.seconds());
      lines.add(row);
      stdout.println(row);
      stdout.flush();
      series.put(run.getKey(), report.rounds());
      csv.add(String.format(java.util.Locale.ROOT, "\"%s\",%.4f,%.4f,%.4f,%.4f,%.1f", run.getKey(),
          report.last().testAccuracy(), best, report.honestRejectionRate(), report.maliciousAcceptanceRate(),
          report.seconds()));
    }
    Files.write(out.resolve("summary.csv"), csv);
    Files.writeString(out.resolve("summary.md"), String.join("\n", lines) + "\n");
    AccuracyChart.write(out.resolve("accuracy.png"), "validation filter vs attacks, seed " + seed, series);
    stdout.println();
    lines.forEach(stdout::println);
    stdout.println("wrote " + out.resolve("summary.md") + ", " + out.resolve("summary.csv") + ", "
        + out.resolve("accuracy.png"));
    return 0;
  }
}
