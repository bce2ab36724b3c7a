package io.fedchain.node.cli;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.chain.state.Params;
import io.fedchain.learning.model.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedchain genesis new}: writes a genesis file from members and FL parameters, and prints its hash. */
@Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a genesis file (see chain/README.md) and prints its hash, which identifies the chain.",
        "Parameters not given take their defaults; read them back with 'fedchain genesis show'."})
final class GenesisNewCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--chain-id", required = true, paramLabel = "ID",
      description = "Chain id: 1-64 characters of a-z, 0-9, '.', '_', '-'.")
  String chainId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Members members;

  static final class Members {
    @Option(names = "--member", paramLabel = "PEERID[:roles][:stake]", converter = MemberSpec.Converter.class,
        description = {"A founding member (repeatable). Roles trainer, validator or trainer,validator (default both);",
            "stake default " + MemberSpec.DEFAULT_STAKE + " for a validator, 0 otherwise."})
    List<Genesis.Account> members = new ArrayList<>();

    @Option(names = "--members-from", arity = "1..*", paramLabel = "KEYFILE",
        description = {"Key files written by 'fedchain keys new': each is a trainer and validator with stake "
            + MemberSpec.DEFAULT_STAKE + "."})
    List<Path> keyFiles = new ArrayList<>();
  }

  @Option(names = "--model", required = true, paramLabel = "SPEC", converter = Converters.ModelConverter.class,
      description = "softmax, mlp, mlp:<in>-<hidden...>-<classes>, dl4j-cnn or dl4j-mlp.")
  ModelSpec model;

  @Option(names = "--init-seed", required = true, paramLabel = "N", description = "Seed of the initial weights.")
  long initSeed;

  @Option(names = "--updates-to-close", paramLabel = "K", description = "Accepted updates that close a round.")
  Optional<Integer> updatesToClose;

  @Option(names = "--epsilon", paramLabel = "E", description = "Validators' accuracy tolerance, in [0, 1].")
  Optional<Double> epsilon;

  @Option(names = "--aggregator", paramLabel = "A",
      description = "fedavg, median, trimmed-mean:<beta>, krum:<f> or multi-krum:<f>:<m>.")
  Optional<String> aggregator;

  @Option(names = "--codec", paramLabel = "C", description = "float32, int8[:chunk] or topk:<fraction|count>.")
  Optional<String> codec;

  @Option(names = "--round-deadline-ms", paramLabel = "N",
      description = "A round with an accepted update closes this long after it started.")
  Optional<Long> roundDeadlineMs;

  @Option(names = "--genesis-time", paramLabel = "INSTANT",
      description = "ISO-8601 instant, e.g. 2026-11-27T12:00:00Z (default: now, to the second).")
  Optional<String> genesisTime;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Genesis file to write.")
  Path out;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Genesis g = genesis();
    String text = GenesisJson.write(g);
    write(text);
    // What a node will read, not what we meant to write: the file must give back this genesis.
    Genesis back = GenesisJson.read(out);
    if (!back.equals(g) || !back.hash().equals(g.hash())) {
      throw new IllegalStateException(out + " does not read back as the genesis written (a bug: please report it)");
    }
    spec.commandLine().getErr().println("wrote " + out + ": chain " + g.chainId() + ", " + g.members().size()
        + " members, model " + g.modelSpec());
    spec.commandLine().getOut().println(g.hash().toHex());
    return 0;
  }

  Genesis genesis() {
    List<Genesis.Account> accounts = new ArrayList<>(members.members);
    for (Path file : members.keyFiles) {
      ChainKey key = usage(() -> KeyFile.read(file));
      accounts.add(new Genesis.Account(key.id(), MemberSpec.DEFAULT_ROLES, MemberSpec.DEFAULT_STAKE, 0));
    }
    Params p = Params.defaults();
    if (updatesToClose.isPresent()) {
      p = param(p, "--updates-to-close", "updatesToClose", updatesToClose.get().toString());
    }
    if (epsilon.isPresent()) {
      double e = epsilon.get();
      if (!(e >= 0 && e <= 1)) {
        throw new ParameterException(spec.commandLine(), "Invalid value for option '--epsilon': " + e
            + " (expected an accuracy difference in [0, 1], such as 0.02)");
      }
      p = param(p, "--epsilon", "epsilonBp", Long.toString(Math.round(e * 10_000)));
    }
    if (aggregator.isPresent()) {
      p = param(p, "--aggregator", "aggregator", aggregator.get());
    }
    if (codec.isPresent()) {
      p = param(p, "--codec", "codec", codec.get());
    }
    if (roundDeadlineMs.isPresent()) {
      p = param(p, "--round-deadline-ms", "roundDeadlineMillis", roundDeadlineMs.get().toString());
    }
    long time = genesisTime.map(this::instant).orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .toEpochMilli();
    Params params = p;
    return usage(() -> new Genesis(chainId, time, model.toString(), initSeed, accounts, params));
  }

  private Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--genesis-time': '" + text
          + "' is not an ISO-8601 instant such as 2026-11-27T12:00:00Z");
    }
  }

  private Params param(Params p, String option, String name, String value) {
    try {
      return p.with(name, value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + e.getMessage());
    }
  }

  private <T> T usage(java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!force) {
      try {
        Files.write(out, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(out + " exists; use --force to overwrite it");
      }
      return;
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
