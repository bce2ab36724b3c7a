package io.fedchain.node.cli;

import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.dp.DpConfig;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.partition.Partitioner;
import io.fedchain.learning.partition.Partitioning;
import io.fedchain.learning.score.VerdictRule;
import io.fedchain.learning.sim.RoundResult;
import io.fedchain.learning.sim.Simulation;
import io.fedchain.learning.sim.SimulationConfig;
import io.fedchain.learning.sim.SimulationReport;
import io.fedchain.learning.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedchain simulate}: N federated clients in one process, with the chain's validation filter. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs N federated-learning clients in one process for R rounds on Fashion-MNIST, with the",
        "validation filter validators run on chain, attackers, differential privacy and delta codecs.",
        "Prints a per-round table and writes DIR/rounds.csv, DIR/updates.csv and DIR/accuracy.png."})
final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--clients", defaultValue = "10", description = "Number of clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--partition", defaultValue = "dirichlet:0.5", converter = Converters.PartitionConverter.class,
      description = "iid, dirichlet:<alpha> or classes:<k> (default: ${DEFAULT-VALUE}).")
  Partitioner partition;

  @Option(names = "--model", defaultValue = "mlp", converter = Converters.ModelConverter.class,
      description = "softmax, mlp, mlp:<in>-<hidden...>-<classes>, dl4j-cnn or dl4j-mlp (default: ${DEFAULT-VALUE}).")
  ModelSpec model;

  @Option(names = "--rounds", defaultValue = "30", description = "Federated rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--local-epochs", defaultValue = "2", description = "Local epochs per round (default: ${DEFAULT-VALUE}).")
  int localEpochs;

  @Option(names = "--batch", defaultValue = "32", description = "Local batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.02", description = "Local learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  float momentum;

  @Option(names = "--lr-decay", defaultValue = "1",
      description = "Learning rate of round r = lr * decay^(r-1); 1 keeps it constant (default: ${DEFAULT-VALUE}).")
  float lrDecay;

  @Option(names = "--prox-mu", defaultValue = "0", description = "FedProx proximal weight mu (default: ${DEFAULT-VALUE}).")
  float proxMu;

  @Option(names = "--aggregator", defaultValue = "fedavg", converter = Converters.AggregatorConverter.class,
      description = "fedavg, median, trimmed-mean:<beta>, krum:<f> or multi-krum:<f>:<m> (default: ${DEFAULT-VALUE}).")
  Aggregator aggregator;

  @Option(names = "--filter", defaultValue = "off", description = "Validation filter: on or off (default: ${DEFAULT-VALUE}).")
  String filter;

  @Option(names = "--filter-rule", defaultValue = "loo",
      description = "loo (leave-one-out effect on the average >= -epsilon), relative (gain of w+delta within"
          + " epsilon of the round's median) or absolute (gain of w+delta >= -epsilon)"
          + " (default: ${DEFAULT-VALUE}).")
  String filterRule;

  @Option(names = "--filter-epsilon", defaultValue = "0.02",
      description = "Accuracy tolerance of the filter (default: ${DEFAULT-VALUE}).")
  double filterEpsilon;

  @Option(names = "--attackers", defaultValue = "0", description = "How many clients attack (default: ${DEFAULT-VALUE}).")
  int attackers;

  @Option(names = "--attack", defaultValue = "label-flip", converter = Converters.AttackConverter.class,
      description = "label-flip, sign-flip[:scale], scale:<factor>, noise[:sigma] or alie[:z] (default: ${DEFAULT-VALUE}).")
  Attack attack;

  @Option(names = "--attacker-votes", defaultValue = "adversarial",
      description = "How attackers vote as validators: adversarial (for each other, against everyone else) or"
          + " honest (default: ${DEFAULT-VALUE}).")
  String attackerVotes;

  @Option(names = "--dp", defaultValue = "off",
      description = "Client-side differential privacy: off, or clip=<C>,noise=<z> (default: ${DEFAULT-VALUE}).")
  String dp;

  @Option(names = "--codec", defaultValue = "float32", converter = Converters.CodecConverter.class,
      description = "float32, int8[:chunk] or topk:<fraction|count> (default: ${DEFAULT-VALUE}).")
  DeltaCodec codec;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--validation-fraction", defaultValue = "0.1",
      description = "Share of each client's data held out for validation (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--train-limit", defaultValue = "0",
      description = "Use only the first N training samples, 0 for all (default: ${DEFAULT-VALUE}).")
  int trainLimit;

  @Option(names = "--test-limit", defaultValue = "0",
      description = "Test on only the first N test samples, 0 for all (default: ${DEFAULT-VALUE}).")
  int testLimit;

  @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
  Optional<Integer> threads;

  @Option(names = "--data-dir", description = "Directory holding Fashion-MNIST (default: $FEDCHAIN_DATA_DIR, then "
      + "/usr/share/datasets/fashion-mnist).")
  Optional<Path> dataDir;

  @Option(names = "--out", description = "Output directory (default: out/simulate-<time>).")
  Optional<Path> out;

  @Override
  public Integer call() {
    SimulationConfig cfg = config();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path dir = out.orElseGet(() -> Path.of("out",
        "simulate-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));

    FashionMnist fm = FashionMnist.locate(dataDir);
    stderr.println("loading Fashion-MNIST from " + fm.dir());
    Dataset train = fm.train();
    Dataset test = fm.test();
    Simulation sim = new Simulation(cfg, train, test);
    stdout.println("# " + cfg.describe());
    if (cfg.attackers() > 0) {
      stdout.println("# attackers: clients " + java.util.Arrays.toString(sim.attackers()));
    }
    stdout.print(Partitioning.labelTable(sim.clients()).lines().map(l -> "# " + l + "\n")
        .reduce("", String::concat));
    stdout.println(SimulationReport.tableHeader());
    stdout.flush();
    ProgressLine progress = new ProgressLine(stderr, System.console() != null, cfg.rounds());
    SimulationReport report = sim.run(new Simulation.Listener() {
      @Override
      public void phase(int round, String phase, int done, int total) {
        progress.show(round, phase, done, total);
      }

      @Override
      public void round(RoundResult result) {
        progress.clear();
        stdout.println(SimulationReport.tableRow(result));
        stdout.flush();
      }
    });
    report.writeTo(dir);
    RoundResult last = report.last();
    stdout.printf("final test accuracy %.4f after %d rounds in %.0f s; honest updates rejected %.1f%%",
        last.testAccuracy(), last.round(), report.seconds(), 100 * report.honestRejectionRate());
    if (cfg.attackers() > 0) {
      stdout.printf(", attackers' updates accepted %.1f%%", 100 * report.maliciousAcceptanceRate());
    }
    stdout.println();
    if (report.divergedRound() > 0) {
      stdout.println("the global model diverged (non-finite weights) in round " + report.divergedRound()
          + "; the run stopped there");
    }
    stdout.println("wrote " + dir.resolve("rounds.csv") + ", " + dir.resolve("updates.csv") + ", "
        + dir.resolve("accuracy.png"));
    return 0;
  }

  SimulationConfig config() {
    Optional<VerdictRule> rule = switch (filter.toLowerCase(java.util.Locale.ROOT)) {
      case "on", "true", "yes" -> Optional.of(parse("--filter-rule", () -> VerdictRule.parse(filterRule + ":" + filterEpsilon)));
      case "off", "false", "no" -> Optional.empty();
      default -> throw new ParameterException(spec.commandLine(), "Invalid value for option '--filter': '" + filter
          + "' (expected on or off)");
    };
    boolean adversarial = switch (attackerVotes.toLowerCase(java.util.Locale.ROOT)) {
      case "adversarial" -> true;
      case "honest" -> false;
      default -> throw new ParameterException(spec.commandLine(), "Invalid value for option '--attacker-votes': '"
          + attackerVotes + "' (expected adversarial or honest)");
    };
    Optional<DpConfig> privacy = dp.equalsIgnoreCase("off") ? Optional.empty()
        : Optional.of(parse("--dp", () -> DpConfig.parse(dp)));
    TrainingConfig training = parse("--local-epochs/--batch/--lr/--momentum/--prox-mu/--lr-decay",
        () -> new TrainingConfig(localEpochs, batch, learningRate, momentum, proxMu, 0f, lrDecay));
    return parse("options", () -> SimulationConfig.builder()
        .clients(clients).partitioner(partition).model(model).rounds(rounds).training(training)
        .aggregator(aggregator).filter(rule).attack(attackers, attackers > 0 ? Optional.of(attack) : Optional.empty())
        .adversarialVotes(adversarial).dp(privacy).codec(codec).validationFraction(validationFraction).seed(seed)
        .limits(trainLimit, testLimit).threads(threads.orElse(Math.max(1, Runtime.getRuntime().availableProcessors())))
        .build());
  }

  private <T> T parse(String what, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid " + what + ": " + e.getMessage());
    }
  }
}
