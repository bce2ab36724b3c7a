package io.fedchain.node.cli;

import io.fedchain.consensus.bench.ConsensusBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fedchain bench consensus}: commit latency and blocks/s of the Tendermint engine with 4,
 * 16 and 64 validators on one thread, with empty blocks and with blocks of model updates that
 * every validator scores (see {@link ConsensusBench} for what is and is not in the figures).
 */
@Command(name = "consensus", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Commit latency p50/p99 and blocks/s of N validators (real signatures, block execution and "
        + "update scoring) on an in-memory network without delay.")
final class ConsensusBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--validators", split = ",", defaultValue = "4,16,64",
      description = "Validator counts, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> validators;

  @Option(names = "--blocks", defaultValue = "20", description = "Blocks committed per run (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--deltas", defaultValue = "8",
      description = "Model updates per block in the runs with updates; 0 runs only empty blocks "
          + "(default: ${DEFAULT-VALUE}).")
  int deltas;

  @Option(names = "--model", defaultValue = "mlp",
      description = "Model the updates are for (default: ${DEFAULT-VALUE}, 784-128-10: 101,770 parameters, "
          + "407 kB per float32 delta).")
  String model;

  @Option(names = "--validation-rows", defaultValue = "200",
      description = "Rows of each validator's validation set (default: ${DEFAULT-VALUE}).")
  int validationRows;

  @Option(names = "--runs", defaultValue = "1", description = "Runs per setup (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of keys, deltas and data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Also write the report (markdown) to this file.")
  Optional<Path> out;

  @Override
  public Integer call() throws IOException {
    if (blocks < 1 || runs < 1 || deltas < 0 || validationRows < 1 || validators.isEmpty()
        || validators.stream().anyMatch(v -> v < 1)) {
      throw new ParameterException(spec.commandLine(), "--blocks, --runs, --validation-rows and every --validators "
          + "count must be at least 1, --deltas at least 0");
    }
    PrintWriter stdout = spec.commandLine().getOut();
    String loadBefore = BenchReports.loadAverage();
    List<Integer> deltaSetups = deltas == 0 ? List.of(0) : List.of(0, deltas);
    // Warm-up (JIT), not reported: a few blocks of each kind with the smallest network.
    for (int d : deltaSetups) {
      ConsensusBench.run(new ConsensusBench.Config(4, Math.min(blocks, 5), d, model, validationRows, seed + 1000));
    }
    List<List<ConsensusBench.Result>> setups = new ArrayList<>();
    for (int d : deltaSetups) {
      for (int n : validators) {
        List<ConsensusBench.Result> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          System.gc();
          results.add(ConsensusBench.run(new ConsensusBench.Config(n, blocks, d, model, validationRows, seed + r)));
        }
        setups.add(results);
        List<String> row = ConsensusBench.table(List.of(results));
        stdout.println(row.get(row.size() - 1));
        stdout.flush();
      }
    }
    String loadAfter = BenchReports.loadAverage();

    List<String> lines = new ArrayList<>();
    lines.add("# fedchain bench consensus");
    lines.add("");
    lines.add("Machine: " + MachineInfo.describe() + ".");
    lines.add("");
    lines.add(String.format("Command: bin/fedchain bench consensus --validators %s --blocks %d --deltas %d --model %s "
        + "--validation-rows %d --runs %d --seed %d", String.join(",", validators.stream().map(String::valueOf).toList()),
        blocks, deltas, model, validationRows, runs, seed));
    lines.add("");
    lines.add("All validators run on one thread over an in-memory network without delay (each message encoded once "
        + "and decoded by each receiver); equal stakes; Ed25519 on every proposal, vote and transaction; every "
        + "validator re-executes every block (FlApp over InMemoryLedger); with updates, each block carries "
        + deltas + " float32 deltas of the " + model + " model and every validator judges them with the chain's "
        + "leave-one-out rule (ScoringJudge) on its own " + validationRows + " synthetic validation rows, the proposer "
        + "once more when it picks them. The WAL is in memory (no fsync). Commit latency: per height, from the first "
        + "validator entering it to the last committing it; since the validators share one thread it is the "
        + "summed work of all of them. \"CPU ms per block\" is the CPU time of that one thread (less moved by other "
        + "load on the machine than latency and blocks/s); divided by the validators, it is roughly what one "
        + "validator spends per block, the latency of parallel validators on a network without delay. Admitting the "
        + "updates to the mempools is not in the figures. One warm-up run of 4 validators first; "
        + runs + " run(s) of " + blocks + " blocks per setup, latency quantiles pooled over their heights, "
        + "blocks/s as median [min-max].");
    lines.add("");
    lines.addAll(ConsensusBench.table(setups));
    lines.add("");
    lines.add("Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter + ".");
    String report = String.join("\n", lines) + "\n";
    BenchReports.emit(stdout, out, report);
    return 0;
  }

}
