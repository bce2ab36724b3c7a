package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One run of a {@link Scenario}: builds the genesis, validators and trainers, schedules the
 * faults, drives virtual time, and measures liveness after the network is stable. The invariants
 * are checked by {@link Invariants} on the result.
 */
final class Simulation {
  static final String CHAIN_ID = "sim";
  static final String MODEL = "softmax:8-2";
  /** Virtual ms between liveness checks. */
  private static final long STEP = 100;

  final Scenario scenario;
  final SimClock clock = new SimClock();
  final Random random;
  final Genesis genesis;
  final int modelSize;
  final SimNetwork network;
  final List<SimNode> nodes = new ArrayList<>();
  final List<SimTrainer> trainers = new ArrayList<>();
  /** Hashes of every poisoned delta any trainer made. */
  final Set<Hash32> poisonedDeltas = new HashSet<>();
  /** Whether a validator's vote WAL survives its crash (false only in the harness's self-test). */
  private final boolean walSurvivesCrash;

  /** Highest height any honest validator had committed when the run became stable. */
  long heightAtStable = -1;
  /** When every live honest validator had committed {@code livenessHeights} more heights (-1: never). */
  long livenessReachedAt = -1;
  /** An exception a validator or the harness threw, which ends the run. */
  Throwable crashed;

  Simulation(Scenario scenario) {
    this(scenario, true);
  }

  Simulation(Scenario scenario, boolean walSurvivesCrash) {
    this.scenario = scenario;
    this.walSurvivesCrash = walSurvivesCrash;
    this.random = new Random(scenario.seed() * 0x9E3779B97F4A7C15L + 1);
    List<ChainKey> validatorKeys = new ArrayList<>();
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < scenario.validators(); i++) {
      ChainKey k = key(scenario.seed(), "validator", i);
      validatorKeys.add(k);
      accounts.add(new Genesis.Account(k.id(), new Roles(false, true), scenario.stakes()[i], 1_000));
    }
    List<ChainKey> trainerKeys = new ArrayList<>();
    for (int t = 0; t < scenario.trainers(); t++) {
      ChainKey k = key(scenario.seed(), "trainer", t);
      trainerKeys.add(k);
      accounts.add(new Genesis.Account(k.id(), new Roles(true, false), 0, 0));
    }
    genesis = new Genesis(CHAIN_ID, 0, MODEL, scenario.seed(), accounts, params(scenario.updatesToClose()));
    modelSize = genesis.initialModel().length;
    network = new SimNetwork(scenario, clock, random);
    network.attach(nodes::get);
    for (int i = 0; i < scenario.validators(); i++) {
      nodes.add(new SimNode(this, i, validatorKeys.get(i), scenario.behaviours().getOrDefault(i, Set.of())));
    }
    for (int t = 0; t < scenario.trainers(); t++) {
      trainers.add(new SimTrainer(this, t, trainerKeys.get(t), scenario.poisonedTrainers().contains(t)));
    }
  }

  /**
   * Small timeouts and FL rounds that close after K accepted updates or 1.5 s: many heights and
   * rounds per virtual second.
   */
  static Params params(int updatesToClose) {
    return new Params(updatesToClose, 1_500, 200, "loo", "fedavg", "float32", 4096, 10, 1, 5_000, 1, 10, -30, 5, 100,
        1000, 300, 200, 100);
  }

  static ChainKey key(long seed, String role, int i) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(ByteBuffer.allocate(8).putLong(seed).array());
      d.update((role + "/" + i).getBytes(StandardCharsets.UTF_8));
      return ChainKey.fromSeed(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts everyone and schedules the scenario's crashes and restarts. */
  void start() {
    for (SimNode n : nodes) {
      n.start();
    }
    for (SimTrainer t : trainers) {
      clock.at(random.nextInt(200), t::tick);
    }
    for (Scenario.Crash c : scenario.crashes()) {
      SimNode n = nodes.get(c.node());
      clock.at(c.at(), n::crash);
      if (c.restart() >= 0) {
        clock.at(c.restart(), () -> {
          if (!walSurvivesCrash) {
            n.wal.clear();
          }
          n.restart();
        });
      }
    }
  }

  /** Runs the scenario: up to the stable time, then until liveness holds or its window ends. */
  Simulation run() {
    try {
      start();
      long stable = scenario.stableFrom();
      clock.runUntil(stable);
      heightAtStable = maxHonestHeight();
      long target = heightAtStable + scenario.livenessHeights();
      for (long t = stable + STEP; t <= stable + scenario.livenessWindow(); t += STEP) {
        clock.runUntil(t);
        if (liveHonest().stream().allMatch(n -> n.height() >= target)) {
          livenessReachedAt = t;
          break;
        }
      }
    } catch (RuntimeException | AssertionError e) {
      crashed = e;
    }
    return this;
  }

  /** Runs until {@code time} (for scripted scenarios). */
  void runUntil(long time) {
    clock.runUntil(time);
  }

  List<SimNode> honest() {
    return nodes.stream().filter(SimNode::honest).toList();
  }

  /** Honest validators that are running and not silenced at the end. */
  List<SimNode> liveHonest() {
    return nodes.stream().filter(n -> n.honest() && n.up && !network.silenced(n.index)).toList();
  }

  long maxHonestHeight() {
    return honest().stream().mapToLong(SimNode::height).max().orElse(0);
  }

  /** The chain as a client of the most advanced running honest validator sees it. */
  Optional<ChainState> referenceHead() {
    SimNode best = null;
    for (SimNode n : nodes) {
      if (n.honest() && n.up && (best == null || n.height() > best.height())) {
        best = n;
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.ledger.head());
  }

  /** An honest running validator that {@code requester} can reach and that has the blocks it misses. */
  Optional<SimNode> catchUpSource(SimNode requester) {
    List<SimNode> candidates = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n != requester && n.honest() && n.up && network.connected(n.index, requester.index)
          && !network.silenced(n.index) && n.height() >= requester.engine.height()) {
        candidates.add(n);
      }
    }
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
  }

  /** A delta as a running peer that {@code requester} can reach holds it (any of them, by the seed). */
  Optional<byte[]> deltaSource(SimNode requester, Hash32 delta) {
    List<byte[]> found = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n != requester && n.up && network.connected(n.index, requester.index) && !network.silenced(n.index)) {
        n.sidecars().delta(delta).ifPresent(found::add);
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(random.nextInt(found.size())));
  }

  /** A digest of what the run did: equal for two runs of one seed, whatever the JVM or thread. */
  String fingerprint() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (SimNode n : nodes) {
        for (var cb : n.ledger.blocks()) {
          d.update(cb.block().hash().toBytes());
          d.update(cb.commit().hash().toBytes());
        }
        d.update(ByteBuffer.allocate(8).putLong(n.sentVotes.size()).array());
      }
      d.update(ByteBuffer.allocate(24).putLong(clock.executed()).putLong(network.sent).putLong(clock.now()).array());
      return Hash32.wrap(d.digest()).toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line on what happened, for failure messages and logs. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("heights ");
    for (SimNode n : nodes) {
      sb.append('v').append(n.index).append('=').append(n.height()).append(n.honest() ? "" : "(byz)")
          .append(n.up ? "" : "(down)").append(' ');
    }
    sb.append("| stable at ").append(scenario.stableFrom()).append("ms with height ").append(heightAtStable)
        .append(", liveness ").append(livenessReachedAt < 0 ? "NOT reached" : "reached at " + livenessReachedAt + "ms")
        .append(" | ").append(network.sent).append(" messages, ").append(network.lost).append(" lost, ")
        .append(clock.executed()).append(" events, FL round ")
        .append(referenceHead().map(h -> h.round().round()).orElse(-1L));
    return sb.toString();
  }
}
