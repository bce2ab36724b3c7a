package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.consensus.InMemoryVoteWal;
import io.fedchain.consensus.Proposal;
import io.fedchain.consensus.Scheduler;
import io.fedchain.consensus.TendermintEngine;
import io.fedchain.consensus.VirtualTime;
import io.fedchain.consensus.fl.FlApp;
import io.fedchain.consensus.fl.InMemoryLedger;
import io.fedchain.consensus.fl.Mempool;
import io.fedchain.consensus.fl.UpdateJudge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link TendermintEngine} under test, as Besu's QBFT tests set it up: a fixed virtual clock
 * that moves only when the test says, fake validator peers whose keys the test holds, and an
 * outbox that records what the node sends. Tests inject proposals and votes, move the clock, and
 * assert on the recorded messages.
 *
 * <p>Validators are keys from the seeds 1..n with the stakes given; the test picks which one is
 * the node under test, usually by the round it proposes in (the stake-weighted rotation decides
 * the others).
 */
final class TestContext {
  static final String CHAIN_ID = "rules";
  static final long GENESIS_TIME = 1_000;
  /** Trainers (stake 0, no votes) for blocks with model updates: seeds from 101. */
  private static final int TRAINER_SEED = 101;

  final VirtualTime time = new VirtualTime();
  final Genesis genesis;
  final Params params;
  final Map<Hash32, byte[]> deltas = new HashMap<>();
  final ChainKey localKey;
  final long localStake;
  final List<ValidatorPeer> peers = new ArrayList<>();
  final List<ChainKey> trainers = new ArrayList<>();
  final InMemoryVoteWal wal;
  final RuleApp app;
  /**
   * The real FL application when the test asks for it ({@link Builder#flApp}): then the engine
   * runs it, on its own ledger and mempool, while {@link #app} stays the peers' view of the chain.
   */
  final Optional<FlApp> flApp;
  private final Map<Hash32, Block> blocks = new HashMap<>();
  RecordingOutbox outbox;
  RecordingMetrics metrics;
  TendermintEngine engine;
  /** Bumped by {@link #restart}: timeouts of an engine that "crashed" must not run. */
  private int generation;

  static Builder builder() {
    return new Builder();
  }

  static final class Builder {
    private long[] stakes = {10, 10, 10, 10};
    private int localIndex = -1;
    private int localProposes = -1;
    private int trainers;
    private InMemoryVoteWal wal = new InMemoryVoteWal();
    private Optional<UpdateJudge> judge = Optional.empty();

    /** Stakes of the validators with key seeds 1, 2, ... */
    Builder stakes(long... s) {
      stakes = s.clone();
      return this;
    }

    /** The node under test is the validator with this index in {@link #stakes}. */
    Builder local(int index) {
      localIndex = index;
      return this;
    }

    /** The node under test is the validator that proposes round {@code round} of height 1. */
    Builder localProposes(int round) {
      localProposes = round;
      return this;
    }

    Builder trainers(int n) {
      trainers = n;
      return this;
    }

    /** The node under test runs {@link FlApp} with this judge (tests stay at height 1: peers build on genesis). */
    Builder flApp(UpdateJudge j) {
      judge = Optional.of(j);
      return this;
    }

    TestContext start() {
      return new TestContext(this);
    }
  }

  private TestContext(Builder b) {
    List<ChainKey> keys = new ArrayList<>();
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < b.stakes.length; i++) {
      keys.add(key(i + 1));
      accounts.add(new Genesis.Account(keys.get(i).id(), Roles.BOTH, b.stakes[i], 0));
    }
    for (int i = 0; i < b.trainers; i++) {
      trainers.add(key(TRAINER_SEED + i));
      accounts.add(new Genesis.Account(trainers.get(i).id(), new Roles(true, false), 0, 0));
    }
    params = Params.defaults();
    genesis = new Genesis(CHAIN_ID, GENESIS_TIME, "softmax:8-2", 1, accounts, params);
    int local = b.localIndex;
    if (b.localProposes >= 0) {
      MemberId proposer = genesis.initialState().proposer(b.localProposes);
      local = indexOf(keys, proposer);
    }
    if (local < 0) {
      local = 0;
    }
    localKey = keys.get(local);
    localStake = b.stakes[local];
    for (int i = 0; i < keys.size(); i++) {
      if (i != local) {
        peers.add(new ValidatorPeer(this, keys.get(i), b.stakes[i]));
      }
    }
    wal = b.wal;
    app = new RuleApp(localKey, genesis, deltas);
    flApp = b.judge.map(j -> new FlApp(localKey, new InMemoryLedger(genesis), new Mempool(CHAIN_ID, 1000), j, e -> {}));
    newEngine();
  }

  static ChainKey key(int seed) {
    byte[] s = new byte[32];
    s[30] = (byte) (seed >> 8);
    s[31] = (byte) seed;
    return ChainKey.fromSeed(s);
  }

  private static int indexOf(List<ChainKey> keys, MemberId id) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException(id + " is not a validator");
  }

  private void newEngine() {
    int gen = ++generation;
    Scheduler clock = new Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        time.at(time.now() + delayMillis, () -> {
          if (generation == gen) {
            task.run();
          }
        });
      }

      @Override
      public long nowMillis() {
        return time.now();
      }
    };
    outbox = new RecordingOutbox();
    metrics = new RecordingMetrics();
    ConsensusApp engineApp = flApp.isPresent() ? flApp.get() : app;
    engine = new TendermintEngine(localKey, engineApp, outbox, clock, wal, metrics);
    engine.start();
  }

  /**
   * The node crashes and starts again on the same WAL and ledger: a new engine, a new outbox,
   * and the old engine's pending timeouts never run.
   */
  void restart() {
    newEngine();
  }

  long height() {
    return engine.height();
  }

  ChainState head() {
    return app.head();
  }

  boolean localProposes(int round) {
    return head().proposer(round).equals(localKey.id());
  }

  /** The fake peer that proposes {@code round} at the node's height; fails when the node itself does. */
  ValidatorPeer proposer(int round) {
    MemberId id = head().proposer(round);
    return peers.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("the node under test proposes round " + round + ", not a peer"));
  }

  /** The peers other than the proposer of {@code round}, in key order. */
  List<ValidatorPeer> nonProposers(int round) {
    MemberId id = head().proposer(round);
    return peers.stream().filter(p -> !p.id().equals(id)).toList();
  }

  ValidatorPeer peer(MemberId id) {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not a fake peer"));
  }

  ValidatorPeer peerWithStake(long stake) {
    return peers.stream().filter(p -> p.stake == stake).findFirst()
        .orElseThrow(() -> new AssertionError("no peer with stake " + stake));
  }

  long proposeTimeout(int round) {
    return params.proposeTimeoutMillis() + round * params.timeoutDeltaMillis();
  }

  long voteTimeout(int round) {
    return params.voteTimeoutMillis() + round * params.timeoutDeltaMillis();
  }

  void remember(Block b) {
    blocks.put(b.hash(), b);
  }

  int updatesIn(Hash32 block) {
    Block b = blocks.get(block);
    if (b == null) {
      b = outbox.proposals.stream().map(Proposal::block).filter(x -> x.hash().equals(block)).findFirst().orElse(null);
    }
    return b == null ? 0 : b.body().updates().size();
  }

  void inject(Proposal p) {
    engine.onProposal(p);
  }

  void inject(Vote... votes) {
    for (Vote v : votes) {
      engine.onVote(v);
    }
  }

  void prevotes(int round, Hash32 block, List<ValidatorPeer> from) {
    from.forEach(p -> engine.onVote(p.prevote(round, block)));
  }

  void precommits(int round, Hash32 block, List<ValidatorPeer> from) {
    from.forEach(p -> engine.onVote(p.precommit(round, block)));
  }

  /** Moves the clock by {@code millis}, running every timeout that falls due. */
  void advance(long millis) {
    time.runUntil(time.now() + millis);
  }

  /** The one vote the node sent for {@code step} of {@code round} at its current height; fails if none. */
  Vote sent(Vote.Step step, int round) {
    return sent(height(), step, round);
  }

  Vote sent(long height, Vote.Step step, int round) {
    List<Vote> vs = outbox.votes(height, round, step);
    if (vs.isEmpty()) {
      fail("the node sent no " + step + " for " + height + "/" + round + "; it sent " + outbox.votes);
    }
    assertEquals(1, vs.size(), "votes for " + step + " " + height + "/" + round + ": " + vs);
    return vs.get(0);
  }

  Optional<Vote> maybeSent(Vote.Step step, int round) {
    List<Vote> vs = outbox.votes(height(), round, step);
    assertTrue(vs.size() <= 1, "more than one " + step + " in round " + round + ": " + vs);
    return vs.stream().findFirst();
  }

  Hash32 prevoted(int round) {
    return sent(Vote.Step.PREVOTE, round).blockHash();
  }

  Hash32 precommitted(int round) {
    return sent(Vote.Step.PRECOMMIT, round).blockHash();
  }

  /** The one proposal the node broadcast for {@code round} at its current height. */
  Proposal proposed(int round) {
    List<Proposal> ps = outbox.proposals(height(), round);
    assertEquals(1, ps.size(), "proposals of round " + round + ": " + ps);
    return ps.get(0);
  }
}
