package io.fedchain.learning.sim;

import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.codec.ErrorFeedback;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.dp.DpUpdateProducer;
import io.fedchain.learning.dp.RdpAccountant;
import io.fedchain.learning.model.Evaluation;
import io.fedchain.learning.model.Evaluator;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.partition.ClientData;
import io.fedchain.learning.partition.Partitioning;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.learning.score.VerdictRule;
import io.fedchain.learning.score.Verdicts;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.LocalUpdate;
import io.fedchain.learning.train.UpdateProducer;
import io.fedchain.learning.util.SeededRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs federated rounds in one process the way the chain will: every client trains on its own
 * partition and sends a delta through the configured codec; with the filter on, every client, as
 * a validator with equal stake, scores every delta on its own validation slice and votes; a delta
 * enters the aggregate when more than 2/3 of the validators vote for it; the aggregate moves the
 * global model. Attackers train on poisoned data or tamper with their deltas, and (by default) vote
 * for each other and against everyone else.
 *
 * <p>Deterministic for a config: each client's training has its own seed stream, work is spread
 * over threads but collected in client order, and the aggregate is computed in client order.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
  /** The delta used for the RDP accountant's (epsilon, delta) report. */
  public static final double DP_DELTA = 1e-5;

  /** Progress callbacks, called on the thread that runs the simulation. */
  public interface Listener {
    default void phase(int round, String phase, int done, int total) {}

    default void round(RoundResult result) {}
  }

  private final SimulationConfig cfg;
  private final Dataset test;
  private final List<ClientData> clients;
  private final boolean[] isAttacker;
  private final ThreadLocal<Model> models;
  private final Model mainModel;

  public Simulation(SimulationConfig cfg, Dataset train, Dataset test) {
    this.cfg = cfg;
    if (train.features() != cfg.model().inputs() || train.classes() != cfg.model().classes()) {
      throw new IllegalArgumentException("model " + cfg.model() + " does not fit " + train);
    }
    Dataset trainUsed = cfg.trainLimit() > 0 ? train.head(cfg.trainLimit()) : train;
    this.test = cfg.testLimit() > 0 ? test.head(cfg.testLimit()) : test;
    this.clients = Partitioning.split(trainUsed, cfg.partitioner(), cfg.clients(), cfg.validationFraction(), cfg.seed());
    this.isAttacker = new boolean[cfg.clients()];
    int[] order = SeededRandom.of(cfg.seed(), "attackers", 0).permutation(cfg.clients());
    for (int k = 0; k < cfg.attackers(); k++) {
      isAttacker[order[k]] = true;
    }
    this.models = ThreadLocal.withInitial(() -> cfg.model().newModel());
    this.mainModel = cfg.model().newModel();
  }

  public List<ClientData> clients() {
    return clients;
  }

  /** Ids of the attacking clients, ascending. */
  public int[] attackers() {
    return java.util.stream.IntStream.range(0, isAttacker.length).filter(c -> isAttacker[c]).toArray();
  }

  public SimulationReport run(Listener listener) {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
      Thread t = new Thread(r, "sim-worker");
      t.setDaemon(true);
      return t;
    });
    try (Evaluator evaluator = new Evaluator(cfg.model(), cfg.threads())) {
      return runRounds(listener, pool, evaluator, started);
    } finally {
      pool.shutdownNow();
    }
  }

  private SimulationReport runRounds(Listener listener, ExecutorService pool, Evaluator evaluator, long started) {
    int n = cfg.clients();
    int params = mainModel.parameterCount();
    List<UpdateProducer> producers = new ArrayList<>(n);
    List<ValidationScorer> scorers = new ArrayList<>(n);
    List<ErrorFeedback> feedback = new ArrayList<>(n);
    for (ClientData cd : clients) {
      producers.add(producerFor(cd));
      scorers.add(cfg.filter().isPresent() ? new ValidationScorer(cfg.model().newModel(), cd.validation()) : null);
      feedback.add(new ErrorFeedback(cfg.codec(), params));
    }
    RdpAccountant accountant = new RdpAccountant();
    float[] global = mainModel.initialParameters(cfg.seed());
    List<RoundResult> rounds = new ArrayList<>();
    List<UpdateRecord> records = new ArrayList<>();
    List<ScoreRecord> scoreRecords = new ArrayList<>();
    for (int round = 1; round <= cfg.rounds(); round++) {
      long t0 = System.nanoTime();
      final float[] base = global;
      final int r = round;

      listener.phase(round, "training", 0, n);
      List<LocalUpdate> trained = runAll(pool, n, c -> producers.get(c).produce(base, r),
          done -> listener.phase(r, "training", done, n));
      List<LocalUpdate> sent = applyAttack(trained, round);
      int broken = firstNonFiniteUpdate(sent);
      if (broken >= 0) {
        // Local training blew up (the global model is so far off that gradients overflow): the
        // run has diverged even though the global weights are still finite.
        LOG.warn("round {}: client {}'s update has non-finite values; training diverged and the run stops", round,
            broken);
        Evaluation e = evaluator.evaluate(global, test);
        RoundResult result = new RoundResult(round, e.accuracy(), e.loss(), 0, 0, 0, 0,
            (System.nanoTime() - t0) / 1e9, Double.NaN, Parameters.hex(Parameters.sha256(global)));
        rounds.add(result);
        listener.round(result);
        return new SimulationReport(cfg, attackers(), rounds, records, (System.nanoTime() - started) / 1e9, round,
            scoreRecords);
      }

      float[][] deltas = new float[n][];
      int[] encodedBytes = new int[n];
      for (int c = 0; c < n; c++) {
        byte[] wire = feedback.get(c).encode(sent.get(c).delta());
        encodedBytes[c] = wire.length;
        deltas[c] = cfg.codec().decode(wire, params);
      }

      int[] yes = new int[n];
      double[] meanGain = new double[n];
      double[] minGain = new double[n];
      double[] meanLoss = new double[n];
      double[] minLoss = new double[n];
      Arrays.fill(meanGain, Double.NaN);
      Arrays.fill(minGain, Double.NaN);
      Arrays.fill(meanLoss, Double.NaN);
      Arrays.fill(minLoss, Double.NaN);
      boolean[] accepted = new boolean[n];
      if (cfg.filter().isPresent()) {
        listener.phase(round, "scoring", 0, n);
        VerdictRule rule = cfg.filter().get();
        List<WeightedDelta> candidates = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
          candidates.add(new WeightedDelta(deltas[c], sent.get(c).numSamples()));
        }
        List<Verdicts> verdicts = runAll(pool, n, v -> rule.judge(scorers.get(v), base, candidates),
            done -> listener.phase(r, "scoring", done, n));
        Arrays.fill(minGain, Double.POSITIVE_INFINITY);
        Arrays.fill(meanGain, 0);
        Arrays.fill(minLoss, Double.POSITIVE_INFINITY);
        Arrays.fill(meanLoss, 0);
        int honestValidators = 0;
        for (int v = 0; v < n; v++) {
          boolean[] votes = isAttacker[v] && cfg.adversarialVotes() ? isAttacker.clone() : verdicts.get(v).votes();
          for (int c = 0; c < n; c++) {
            scoreRecords.add(new ScoreRecord(round, v, isAttacker[v], c, isAttacker[c], verdicts.get(v).scores()[c],
                verdicts.get(v).lossScores()[c], votes[c]));
          }
          if (!isAttacker[v]) {
            honestValidators++;
            for (int c = 0; c < n; c++) {
              double g = verdicts.get(v).scores()[c];
              meanGain[c] += g;
              minGain[c] = Math.min(minGain[c], g);
              double l = verdicts.get(v).lossScores()[c];
              meanLoss[c] += l;
              minLoss[c] = Math.min(minLoss[c], l);
            }
          }
          for (int c = 0; c < n; c++) {
            if (votes[c]) {
              yes[c]++;
            }
          }
        }
        for (int c = 0; c < n; c++) {
          meanGain[c] /= honestValidators;
          meanLoss[c] /= honestValidators;
          accepted[c] = 3L * yes[c] > 2L * n;
        }
      } else {
        Arrays.fill(accepted, true);
        Arrays.fill(yes, n);
      }

      List<WeightedDelta> chosen = new ArrayList<>();
      int honestRejected = 0;
      int maliciousAccepted = 0;
      for (int c = 0; c < n; c++) {
        if (accepted[c]) {
          chosen.add(new WeightedDelta(deltas[c], sent.get(c).numSamples()));
          if (isAttacker[c]) {
            maliciousAccepted++;
          }
        } else if (!isAttacker[c]) {
          honestRejected++;
        }
        records.add(new UpdateRecord(round, c, isAttacker[c], sent.get(c).numSamples(), Parameters.l2Norm(deltas[c]),
            encodedBytes[c], yes[c], n, meanGain[c], minGain[c], meanLoss[c], minLoss[c], accepted[c]));
      }
      if (!chosen.isEmpty()) {
        global = Parameters.add(global, cfg.aggregator().aggregate(chosen));
      }
      boolean diverged = Parameters.firstNonFinite(global) >= 0;
      if (diverged) {
        LOG.warn("round {}: the global model has non-finite weights; training diverged and the run stops", round);
      }

      double epsilon = Double.NaN;
      if (cfg.dp().isPresent()) {
        // Every client shares every round (q = 1), and its delta is public on its own, so two
        // neighbouring datasets may give deltas anywhere in the clipping ball: sensitivity 2C, hence
        // an effective noise multiplier of z/2.
        accountant.step(1.0, cfg.dp().get().noiseMultiplier() / 2, 1);
        epsilon = accountant.epsilon(DP_DELTA);
      }
      listener.phase(round, "testing", 0, 1);
      Evaluation e = evaluator.evaluate(global, test);
      RoundResult result = new RoundResult(round, e.accuracy(), e.loss(), chosen.size(), n - chosen.size(),
          honestRejected, maliciousAccepted, (System.nanoTime() - t0) / 1e9, epsilon,
          Parameters.hex(Parameters.sha256(global)));
      rounds.add(result);
      LOG.debug("round {}: {}", round, result);
      listener.round(result);
      if (diverged) {
        return new SimulationReport(cfg, attackers(), rounds, records, (System.nanoTime() - started) / 1e9, round,
            scoreRecords);
      }
    }
    return new SimulationReport(cfg, attackers(), rounds, records, (System.nanoTime() - started) / 1e9, 0,
        scoreRecords);
  }

  private static int firstNonFiniteUpdate(List<LocalUpdate> updates) {
    for (int c = 0; c < updates.size(); c++) {
      if (Parameters.firstNonFinite(updates.get(c).delta()) >= 0) {
        return c;
      }
    }
    return -1;
  }

  private UpdateProducer producerFor(ClientData cd) {
    int c = cd.client();
    Dataset data = isAttacker[c] ? cfg.attack().orElseThrow().poison(cd.train()) : cd.train();
    UpdateProducer honest = (global, round) -> {
      long seed = SeededRandom.of(cfg.seed(), "local-training", ((long) c << 32) | round).nextLong();
      return new LocalTrainer(models.get()).train(global, data, cfg.training().forRound(round), seed);
    };
    if (cfg.dp().isPresent() && !isAttacker[c]) {
      return new DpUpdateProducer(honest, cfg.dp().get(), cfg.seed(), "client-" + c);
    }
    return honest;
  }

  private List<LocalUpdate> applyAttack(List<LocalUpdate> trained, int round) {
    if (cfg.attackers() == 0) {
      return trained;
    }
    Attack attack = cfg.attack().orElseThrow();
    List<float[]> own = new ArrayList<>();
    for (int c = 0; c < trained.size(); c++) {
      if (isAttacker[c]) {
        own.add(trained.get(c).delta());
      }
    }
    List<float[]> tampered = attack.tamper(own, cfg.clients(), SeededRandom.of(cfg.seed(), "attack", round));
    List<LocalUpdate> out = new ArrayList<>(trained);
    int k = 0;
    for (int c = 0; c < trained.size(); c++) {
      if (isAttacker[c]) {
        LocalUpdate u = trained.get(c);
        out.set(c, new LocalUpdate(tampered.get(k++), u.numSamples(), u.trainLoss()));
      }
    }
    return out;
  }

  private interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  private interface Progress {
    void done(int count);
  }

  /** Runs {@code task(0..n-1)} on the pool and returns the results in index order. */
  private static <T> List<T> runAll(ExecutorService pool, int n, IndexedTask<T> task, Progress progress) {
    List<Future<T>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      Callable<T> call = () -> task.run(index);
      futures.add(pool.submit(call));
    }
    List<T> out = new ArrayList<>(n);
    try {
      for (Future<T> f : futures) {
        out.add(f.get());
        progress.done(out.size());
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation interrupted", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause.toString(), cause);
    }
    return out;
  }
}
