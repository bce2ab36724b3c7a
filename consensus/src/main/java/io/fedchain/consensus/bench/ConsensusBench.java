package io.fedchain.consensus.bench;

import io.fedchain.consensus.InMemoryVoteWal;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.consensus.ConsensusMetrics;
import io.fedchain.consensus.TendermintEngine;
import io.fedchain.consensus.fl.FlApp;
import io.fedchain.consensus.fl.InMemoryLedger;
import io.fedchain.consensus.fl.Mempool;
import io.fedchain.consensus.fl.ScoringJudge;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.learning.util.SeededRandom;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Commit latency and throughput of N validators, each a {@link TendermintEngine} over a real
 * {@link FlApp} and {@link InMemoryLedger}: Ed25519 signatures on every proposal and vote, each
 * block re-executed by every validator, and, with model updates, every validator scoring them with
 * a {@link ScoringJudge} (the chain's leave-one-out rule on its own validation data). All run on
 * the calling thread over a {@link BenchNetwork} without delay, so a height's latency is the
 * summed CPU work of all validators for it; divided by N it approximates what each validator
 * spends, the latency of a network of parallel validators without network delay.
 *
 * <p>To put the same number of updates in every block, the FL round never closes: K is out of
 * reach and the clock starts half-way to the round deadline, past which a proposer includes the
 * updates it has (see {@link FlApp}) but short of which the round does not close. Each block's
 * updates come from fresh trainers, signed and admitted to every validator's mempool (as the
 * updates topic would deliver them) when the first validator commits the block before; that
 * admission (a hash of each delta per validator) is timed apart, not in the latency. Deltas are
 * seeded Gaussian noise (sigma 0.01) of the model's size: the judge's cost does not depend on
 * their content.
 */
public final class ConsensusBench {
  private static final String CHAIN_ID = "bench";
  private static final long GENESIS_TIME = 1_000;
  private static final long ROUND_DEADLINE = 1_000_000_000_000L;

  private ConsensusBench() {}

  /**
   * @param deltasPerBlock model updates in every block (0: empty blocks)
   * @param modelSpec the model the updates are for, as the genesis names it
   * @param validationRows rows of each validator's validation set (synthetic, Fashion-MNIST shaped)
   */
  public record Config(int validators, int blocks, int deltasPerBlock, String modelSpec, int validationRows,
      long seed) {
    public Config {
      if (validators < 1 || blocks < 1 || deltasPerBlock < 0 || validationRows < 1) {
        throw new IllegalArgumentException("validators, blocks and validation rows must be at least 1 and deltas per"
            + " block at least 0; got " + validators + ", " + blocks + ", " + validationRows + ", " + deltasPerBlock);
      }
      ModelSpec.parse(modelSpec);
    }
  }

  /**
   * What one run measured.
   *
   * @param latencyMillis per height, from the first validator entering it to the last committing
   *     it, in height order
   * @param seconds from the start to the last validator committing the last block
   * @param cpuSeconds CPU time of the benchmark's thread over the same span: less moved than
   *     {@code seconds} by other load on the machine
   * @param admissionMillis time spent admitting updates to the mempools (not in the other figures)
   * @param hashes the committed block hashes of each validator, in height order
   * @param updatesPerBlock the number of model updates in each committed block
   * @param highestRound the highest consensus round any block committed in (0 when no timeout struck)
   */
  public record Result(Config config, double[] latencyMillis, double seconds, double cpuSeconds, double admissionMillis,
      List<List<Hash32>> hashes, int[] updatesPerBlock, int highestRound, long messages, long evidence) {
    public Result {
      latencyMillis = latencyMillis.clone();
      updatesPerBlock = updatesPerBlock.clone();
    }

    @Override
    public double[] latencyMillis() {
      return latencyMillis.clone();
    }

    @Override
    public int[] updatesPerBlock() {
      return updatesPerBlock.clone();
    }

    public int blocks() {
      return latencyMillis.length;
    }

    public double blocksPerSecond() {
      return blocks() / seconds;
    }

    /** Every validator committed the same blocks. */
    public boolean agreed() {
      return hashes.stream().allMatch(h -> h.equals(hashes.get(0)));
    }
  }

  /** A validator's application, noting when each of its blocks commits. */
  private static final class Timed implements ConsensusApp {
    private final ConsensusApp app;
    private final Runnable onCommit;

    Timed(ConsensusApp app, Runnable onCommit) {
      this.app = app;
      this.onCommit = onCommit;
    }

    @Override
    public ChainState head() {
      return app.head();
    }

    @Override
    public Block buildBlock(int round, long nowMillis) throws Exception {
      return app.buildBlock(round, nowMillis);
    }

    @Override
    public Optional<Verdict> check(Block block) {
      return app.check(block);
    }

    @Override
    public void commit(Block block, CommitCertificate certificate) {
      app.commit(block, certificate);
      onCommit.run();
    }
  }

  /** The updates of one block: transactions and their deltas. */
  private record Batch(List<SignedTx> txs, List<byte[]> deltas) {}

  public static Result run(Config c) {
    ModelSpec spec = ModelSpec.parse(c.modelSpec());
    List<ChainKey> validators = new ArrayList<>();
    List<ChainKey> trainers = new ArrayList<>();
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < c.validators(); i++) {
      validators.add(key(c.seed(), "validator", i));
      accounts.add(new Genesis.Account(validators.get(i).id(), Roles.BOTH, 10, 0));
    }
    for (int i = 0; i < c.blocks() * c.deltasPerBlock(); i++) {
      trainers.add(key(c.seed(), "trainer", i));
      accounts.add(new Genesis.Account(trainers.get(i).id(), new Roles(true, false), 0, 0));
    }
    Params params = Params.defaults().with("updatesToClose", Integer.toString(Integer.MAX_VALUE))
        .with("roundDeadlineMillis", Long.toString(ROUND_DEADLINE));
    Genesis genesis = new Genesis(CHAIN_ID, GENESIS_TIME, spec.toString(), c.seed(), accounts, params);
    List<Batch> batches = batches(c, genesis, trainers);

    BenchNetwork net = new BenchNetwork(GENESIS_TIME + ROUND_DEADLINE / 2 + 1);
    List<InMemoryLedger> ledgers = new ArrayList<>();
    List<Mempool> mempools = new ArrayList<>();
    List<TendermintEngine> engines = new ArrayList<>();
    int n = c.validators();
    long[] heightStart = new long[c.blocks() + 2];
    long[] heightEnd = new long[c.blocks() + 1];
    int[] committedAt = new int[c.blocks() + 1];
    long[] excluded = {0};
    long[] excludedCpu = {0};
    java.util.function.LongSupplier clock = () -> System.nanoTime() - excluded[0];
    for (int i = 0; i < n; i++) {
      InMemoryLedger ledger = new InMemoryLedger(genesis);
      Mempool mempool = new Mempool(CHAIN_ID, 1 << 20);
      ValidationScorer scorer = new ValidationScorer(spec.newModel(), SyntheticData.prototypes("validator-" + i,
          c.validationRows(), spec.inputs(), spec.classes(), 180, c.seed() * 1_000 + i));
      FlApp fl = new FlApp(validators.get(i), ledger, mempool, new ScoringJudge(scorer), events -> {});
      ledgers.add(ledger);
      mempools.add(mempool);
      Runnable onCommit = () -> {
        int h = (int) ledger.head().height();
        if (h > c.blocks()) {
          return;
        }
        if (committedAt[h]++ == 0) {
          heightStart[h + 1] = clock.getAsLong();
          if (h < c.blocks()) {
            long t = System.nanoTime();
            long cpu = threadCpuNanos();
            admit(batches.get(h), ledgers, mempools);
            excludedCpu[0] += threadCpuNanos() - cpu;
            excluded[0] += System.nanoTime() - t;
          }
        }
        if (committedAt[h] == n) {
          heightEnd[h] = clock.getAsLong();
        }
      };
      TendermintEngine e = new TendermintEngine(validators.get(i), new Timed(fl, onCommit), net.outbox(i),
          net.scheduler(), new InMemoryVoteWal(), ConsensusMetrics.NOOP);
      engines.add(e);
      net.add(e);
    }

    long t0 = System.nanoTime();
    admit(batches.get(0), ledgers, mempools);
    excluded[0] += System.nanoTime() - t0;
    heightStart[1] = clock.getAsLong();
    long start = heightStart[1];
    long cpuStart = threadCpuNanos();
    engines.forEach(TendermintEngine::start);
    boolean done = net.runUntil(() -> committedAt[c.blocks()] == n);
    double cpuSeconds = (threadCpuNanos() - cpuStart - excludedCpu[0]) / 1e9;
    if (!done) {
      throw new IllegalStateException("the validators stopped at heights " + ledgers.stream()
          .map(l -> l.head().height()).distinct().toList() + " of " + c.blocks() + ": no event left to run");
    }
    double[] latency = new double[c.blocks()];
    for (int h = 1; h <= c.blocks(); h++) {
      latency[h - 1] = (heightEnd[h] - heightStart[h]) / 1e6;
    }
    List<List<Hash32>> hashes = new ArrayList<>();
    for (InMemoryLedger l : ledgers) {
      hashes.add(l.blocks().stream().limit(c.blocks()).map(b -> b.block().hash()).toList());
    }
    List<CommittedBlock> chain = ledgers.get(0).blocks();
    int[] updates = new int[c.blocks()];
    int highestRound = 0;
    for (int h = 0; h < c.blocks(); h++) {
      updates[h] = chain.get(h).block().body().updates().size();
      highestRound = Math.max(highestRound, chain.get(h).commit().round());
    }
    return new Result(c, latency, (heightEnd[c.blocks()] - start) / 1e9, cpuSeconds, excluded[0] / 1e6, hashes, updates,
        highestRound, net.delivered(), net.evidence());
  }

  private static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static ChainKey key(long seed, String role, int index) {
    SeededRandom r = SeededRandom.of(seed, role, index);
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8; j++) {
        s[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return ChainKey.fromSeed(s);
  }

  /** Every block's signed updates with their deltas, made before the clock starts. */
  private static List<Batch> batches(Config c, Genesis genesis, List<ChainKey> trainers) {
    ChainState head = genesis.initialState();
    DeltaCodec codec = DeltaCodec.parse(head.params().codec());
    int size = genesis.initialModel().length;
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < c.blocks(); b++) {
      List<SignedTx> txs = new ArrayList<>();
      List<byte[]> deltas = new ArrayList<>();
      for (int j = 0; j < c.deltasPerBlock(); j++) {
        int t = b * c.deltasPerBlock() + j;
        SeededRandom r = SeededRandom.of(c.seed(), "delta", t);
        float[] delta = new float[size];
        for (int k = 0; k < size; k++) {
          delta[k] = (float) (r.nextGaussian() * 0.01);
        }
        byte[] bytes = codec.encode(delta);
        txs.add(SignedTx.sign(trainers.get(t), CHAIN_ID, new TxBody.Update(head.round().round(),
            head.round().modelHash(), Hash32.sha256(bytes), bytes.length, 100 + r.nextInt(900), codec.name()), 0));
        deltas.add(bytes);
      }
      out.add(new Batch(txs, deltas));
    }
    return out;
  }

  private static void admit(Batch batch, List<InMemoryLedger> ledgers, List<Mempool> mempools) {
    for (int i = 0; i < mempools.size(); i++) {
      for (int j = 0; j < batch.txs().size(); j++) {
        Optional<String> refused = mempools.get(i).add(ledgers.get(i).head(), batch.txs().get(j),
            Optional.of(batch.deltas().get(j)));
        if (refused.isPresent()) {
          throw new IllegalStateException("validator " + i + " refused a benchmark update: " + refused.get());
        }
      }
    }
  }

  /** The value at quantile {@code q} of {@code values} (nearest rank). */
  public static double quantile(double[] values, double q) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  }

  /**
   * A markdown table of runs: one row per setup (the runs of one setup pooled), latency quantiles
   * over all their heights, blocks/s as the median run [min-max], CPU per block of the median run.
   */
  public static List<String> table(List<List<Result>> setups) {
    List<String> lines = new ArrayList<>();
    lines.add("| validators | updates per block | runs x blocks | commit latency p50 (ms) | p99 (ms) | blocks/s "
        + "| CPU ms per block | CPU ms per validator per block | messages per block | highest round | agreed |");
    lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
    for (List<Result> runs : setups) {
      Config c = runs.get(0).config();
      double[] all = runs.stream().flatMapToDouble(r -> Arrays.stream(r.latencyMillis())).toArray();
      double[] rates = runs.stream().mapToDouble(Result::blocksPerSecond).sorted().toArray();
      double cpu = runs.stream().mapToDouble(r -> r.cpuSeconds() * 1e3 / r.blocks()).sorted()
          .toArray()[runs.size() / 2];
      double messages = runs.stream().mapToDouble(r -> (double) r.messages() / r.blocks()).average().orElse(0);
      int round = runs.stream().mapToInt(Result::highestRound).max().orElse(0);
      boolean agreed = runs.stream().allMatch(Result::agreed);
      lines.add(String.format(Locale.ROOT,
          "| %d | %d | %d x %d | %.1f | %.1f | %.2f [%.2f-%.2f] | %.1f | %.2f | %,.0f | %d | %s |",
          c.validators(), c.deltasPerBlock(), runs.size(), c.blocks(), quantile(all, 0.5), quantile(all, 0.99),
          rates[rates.length / 2], rates[0], rates[rates.length - 1], cpu, cpu / c.validators(), messages, round,
          agreed ? "yes" : "NO"));
    }
    return lines;
  }
}
