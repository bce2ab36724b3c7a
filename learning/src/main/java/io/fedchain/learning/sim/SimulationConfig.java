package io.fedchain.learning.sim;

import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.dp.DpConfig;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.partition.Partitioner;
import io.fedchain.learning.score.VerdictRule;
import io.fedchain.learning.train.TrainingConfig;
import java.util.Optional;

/**
 * Everything that defines a simulation run; the same config and seed give the same numbers.
 *
 * @param filter the validation filter each client runs as a validator, or empty for none
 * @param attackers how many clients attack (chosen at random from the seed)
 * @param adversarialVotes whether attackers, as validators, vote for their own updates and against
 *     honest ones (the worst case) instead of scoring honestly
 * @param validationFraction share of each client's data held out as its validation slice
 * @param trainLimit use only the first N training samples (0 = all), for quick runs and tests
 * @param testLimit evaluate on only the first N test samples (0 = all)
 * @param threads worker threads for training and scoring; results do not depend on it
 */
public record SimulationConfig(
    int clients,
    Partitioner partitioner,
    ModelSpec model,
    int rounds,
    TrainingConfig training,
    Aggregator aggregator,
    Optional<VerdictRule> filter,
    int attackers,
    Optional<Attack> attack,
    boolean adversarialVotes,
    Optional<DpConfig> dp,
    DeltaCodec codec,
    double validationFraction,
    long seed,
    int trainLimit,
    int testLimit,
    int threads) {

  public SimulationConfig {
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be >= 1, got " + clients);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
    }
    if (attackers < 0 || attackers >= clients) {
      throw new IllegalArgumentException("attackers must be in [0, clients), got " + attackers + " of " + clients);
    }
    if (attackers > 0 && attack.isEmpty()) {
      throw new IllegalArgumentException(attackers + " attackers need an attack kind");
    }
    if (filter.isPresent() && validationFraction <= 0) {
      throw new IllegalArgumentException("the validation filter needs a validation fraction > 0");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("sample limits must be >= 0");
    }
  }

  /** The defaults of {@code fedchain simulate}: 10 clients, Dirichlet(0.5), MLP, 30 rounds, FedAvg. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.clients = clients;
    b.partitioner = partitioner;
    b.model = model;
    b.rounds = rounds;
    b.training = training;
    b.aggregator = aggregator;
    b.filter = filter;
    b.attackers = attackers;
    b.attack = attack;
    b.adversarialVotes = adversarialVotes;
    b.dp = dp;
    b.codec = codec;
    b.validationFraction = validationFraction;
    b.seed = seed;
    b.trainLimit = trainLimit;
    b.testLimit = testLimit;
    b.threads = threads;
    return b;
  }

  /** Starts from the defaults of {@code fedchain simulate}. */
  public static final class Builder {
    private int clients = 10;
    private Partitioner partitioner = Partitioner.parse("dirichlet:0.5");
    private ModelSpec model = ModelSpec.parse("mlp");
    private int rounds = 30;
    private TrainingConfig training = TrainingConfig.DEFAULT;
    private Aggregator aggregator = Aggregator.parse("fedavg");
    private Optional<VerdictRule> filter = Optional.empty();
    private int attackers;
    private Optional<Attack> attack = Optional.empty();
    private boolean adversarialVotes = true;
    private Optional<DpConfig> dp = Optional.empty();
    private DeltaCodec codec = DeltaCodec.parse("float32");
    private double validationFraction = 0.1;
    private long seed = 1;
    private int trainLimit;
    private int testLimit;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    public Builder clients(int v) {
      clients = v;
      return this;
    }

    public Builder partitioner(Partitioner v) {
      partitioner = v;
      return this;
    }

    public Builder model(ModelSpec v) {
      model = v;
      return this;
    }

    public Builder rounds(int v) {
      rounds = v;
      return this;
    }

    public Builder training(TrainingConfig v) {
      training = v;
      return this;
    }

    public Builder aggregator(Aggregator v) {
      aggregator = v;
      return this;
    }

    public Builder filter(Optional<VerdictRule> v) {
      filter = v;
      return this;
    }

    public Builder attack(int count, Optional<Attack> kind) {
      attackers = count;
      attack = kind;
      return this;
    }

    public Builder adversarialVotes(boolean v) {
      adversarialVotes = v;
      return this;
    }

    public Builder dp(Optional<DpConfig> v) {
      dp = v;
      return this;
    }

    public Builder codec(DeltaCodec v) {
      codec = v;
      return this;
    }

    public Builder validationFraction(double v) {
      validationFraction = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder limits(int train, int test) {
      trainLimit = train;
      testLimit = test;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public SimulationConfig build() {
      return new SimulationConfig(clients, partitioner, model, rounds, training, aggregator, filter, attackers, attack,
          adversarialVotes, dp, codec, validationFraction, seed, trainLimit, testLimit, threads);
    }
  }

  /** One line for logs and report headers. */
  public String describe() {
    return String.format("%d clients, %s, %s, %d rounds, %d local epochs, batch %d, lr %s, %s, filter %s, %s, "
            + "dp %s, codec %s, seed %d", clients, partitioner, model, rounds, training.epochs(), training.batchSize(),
        training.learningRate(), aggregator.name(), filter.map(Object::toString).orElse("off"),
        attackers == 0 ? "no attackers" : attackers + " attackers (" + attack.orElseThrow() + ")",
        dp.map(Object::toString).orElse("off"), codec.name(), seed);
  }
}
