package io.fedchain.consensus.sim;

import io.fedchain.consensus.InMemoryVoteWal;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.Sidecars;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.consensus.ConsensusMetrics;
import io.fedchain.consensus.Outbox;
import io.fedchain.consensus.Proposal;
import io.fedchain.consensus.TendermintEngine;
import io.fedchain.consensus.fl.FlApp;
import io.fedchain.consensus.fl.InMemoryLedger;
import io.fedchain.consensus.fl.Mempool;
import io.fedchain.consensus.fl.UpdateJudge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One validator of a run: what survives a crash (key, ledger, vote WAL, the record of every vote
 * it sent) and its current incarnation (engine, application, mempool, gossip seen cache), which a
 * crash discards and a restart builds anew over the same ledger and WAL.
 *
 * <p>It plays the node's part around the engine: gossip (receive, drop copies, relay to peers),
 * re-sending its own messages of the current and previous height when it made no progress for a
 * while (what CometBFT's gossip routines do for lagging peers), catch-up from a peer's ledger
 * when the engine says it is behind, and evidence transactions when the engine reports an
 * equivocation.
 */
final class SimNode {
  /** Re-send own messages when (height, round, step) did not change in this long. */
  static final long STALL_MILLIS = 400;
  private static final int MEMPOOL_SIZE = 10_000;

  final int index;
  final ChainKey key;
  final Set<Scenario.Behaviour> behaviours;
  final InMemoryLedger ledger;
  final InMemoryVoteWal wal = new InMemoryVoteWal();
  /** Every own vote this validator's outbox sent, in all incarnations (what peers may hold signed by it). */
  final List<Vote> sentVotes = new ArrayList<>();
  private final Simulation sim;
  /** Own messages by height, for re-sending (pruned below height - 1). */
  private final TreeMap<Long, List<SimNetwork.Msg>> own = new TreeMap<>();
  private final Set<String> reportedEquivocations = new HashSet<>();
  int incarnation;
  boolean up;
  int restarts;
  TendermintEngine engine;
  FlApp app;
  Mempool mempool;
  private Set<Hash32> seen = new HashSet<>();
  /** Deltas asked for and not yet answered. */
  private Set<Hash32> requested = new HashSet<>();
  private boolean fetching;
  private long nextEvidenceNonce;
  private String lastProgress = "";
  private long lastHeight = -1;
  /** Proposals and votes of the last two heights this incarnation received or sent (what it answers a sync with). */
  private TreeMap<Long, LinkedHashMap<Hash32, SimNetwork.Msg>> heard = new TreeMap<>();
  /** Proposals this node saw, by height (byzantine behaviours pick conflicting votes from them). */
  final TreeMap<Long, List<Proposal>> proposalsSeen = new TreeMap<>();

  SimNode(Simulation sim, int index, ChainKey key, Set<Scenario.Behaviour> behaviours) {
    this.sim = sim;
    this.index = index;
    this.key = key;
    this.behaviours = behaviours;
    this.ledger = new InMemoryLedger(sim.genesis);
  }

  boolean honest() {
    return behaviours.isEmpty();
  }

  int validators() {
    return sim.scenario.validators();
  }

  SimNetwork network() {
    return sim.network;
  }

  long height() {
    return ledger.head().height();
  }

  /** Starts a new incarnation over the ledger and WAL (first start or restart). */
  void start() {
    incarnation++;
    up = true;
    seen = new HashSet<>();
    requested = new HashSet<>();
    fetching = false;
    lastProgress = "";
    lastHeight = -1;
    heard = new TreeMap<>();
    int inc = incarnation;
    UpdateJudge judge = behaviours.contains(Scenario.Behaviour.POISON) ? UpdateJudge.ACCEPT_ALL
        : new SentinelJudge();
    mempool = new Mempool(sim.genesis.chainId(), MEMPOOL_SIZE);
    app = new FlApp(key, ledger, mempool, judge, events -> {});
    ConsensusApp consensusApp = app;
    Outbox out = new NodeOutbox(inc);
    if (!honest()) {
      consensusApp = new ByzantineApp(this, app, sim.random);
      out = new ByzantineOutbox(this, out, sim.random);
    }
    engine = new TendermintEngine(key, consensusApp, out, sim.clock.scheduler(() -> alive(inc)), wal,
        ConsensusMetrics.NOOP);
    engine.start();
    sim.clock.after(STALL_MILLIS, () -> stallCheck(inc));
  }

  void crash() {
    up = false;
    incarnation++;
    engine = null;
    app = null;
    mempool = null;
  }

  void restart() {
    restarts++;
    start();
  }

  boolean alive(int inc) {
    return up && incarnation == inc;
  }

  /** A gossip message arrives from {@code from} (a validator index, or a trainer below 0). */
  void receive(int from, SimNetwork.Msg m) {
    receive(from, m, true);
  }

  private void receive(int from, SimNetwork.Msg m, boolean relay) {
    if (!up || !seen.add(m.id())) {
      return;
    }
    if (m.payload() instanceof Proposal prop) {
      remember(prop.height(), m);
    } else if (m.payload() instanceof Vote v) {
      remember(v.height(), m);
    }
    if (honest() && relay) {
      for (int to = 0; to < sim.scenario.validators(); to++) {
        if (to != from && to != index) {
          sim.network.send(index, to, m);
        }
      }
    }
    Object p = m.payload();
    if (p instanceof Proposal prop) {
      proposalsSeen.computeIfAbsent(prop.height(), h -> new ArrayList<>()).add(prop);
      proposalsSeen.headMap(engine.height() - 1).clear();
      engine.onProposal(prop);
      fetchDeltas(incarnation, prop.block());
    } else if (p instanceof Vote v) {
      engine.onVote(v);
    } else if (p instanceof SimNetwork.TxGossip g) {
      mempool.add(app.head(), g.tx(), g.delta());
    }
  }

  /** Sends an own message to every peer and keeps it for re-sending. */
  void sendOwn(SimNetwork.Msg m, long height) {
    remember(height, m);
    own.computeIfAbsent(height, h -> new ArrayList<>()).add(m);
    own.headMap(height - 1).clear();
    sim.network.broadcast(index, m);
  }

  static SimNetwork.Msg message(Proposal p) {
    return new SimNetwork.Msg(Hash32.sha256(Proposal.CODEC.encode(p)), p);
  }

  static SimNetwork.Msg message(Vote v) {
    return new SimNetwork.Msg(v.hash(), v);
  }

  private void stallCheck(int inc) {
    if (!alive(inc)) {
      return;
    }
    String progress = engine.height() + "/" + engine.round() + "/" + engine.step();
    if (progress.equals(lastProgress) && honest()) {
      for (long h = engine.height() - 1; h <= engine.height(); h++) {
        for (SimNetwork.Msg m : own.getOrDefault(h, List.of())) {
          sim.network.broadcast(index, m);
        }
      }
    }
    lastProgress = progress;
    if (engine.height() == lastHeight) {
      sync(inc);
    }
    lastHeight = engine.height();
    sim.clock.after(STALL_MILLIS, () -> stallCheck(inc));
  }

  private void remember(long height, SimNetwork.Msg m) {
    heard.computeIfAbsent(height, h -> new LinkedHashMap<>()).putIfAbsent(m.id(), m);
    heard.headMap(engine.height() - 1).clear();
  }

  /**
   * Vote gossip for a lagging peer, as CometBFT's consensus reactor does it: a node whose height
   * did not advance for a while gets, from one peer it can reach (chosen by the seed), the
   * proposals and votes of its height that it has not seen. Relaying each message once is not
   * enough: a validator that was down or cut off when they went round never gets them, while the
   * paper's liveness assumes that every message an honest validator received reaches every honest
   * one after GST. Byzantine peers answer nothing.
   */
  private void sync(int inc) {
    List<SimNode> peers = new ArrayList<>();
    for (SimNode n : sim.nodes) {
      if (n != this && n.up && sim.network.connected(n.index, index) && !sim.network.silenced(n.index)) {
        peers.add(n);
      }
    }
    if (peers.isEmpty()) {
      return;
    }
    SimNode peer = peers.get(sim.random.nextInt(peers.size()));
    List<SimNetwork.Msg> answer = peer.honest()
        ? new ArrayList<>(peer.heard.getOrDefault(engine.height(), new LinkedHashMap<>()).values()) : List.of();
    if (answer.isEmpty()) {
      return;
    }
    sim.clock.after(sim.network.delay(), () -> {
      for (SimNetwork.Msg m : answer) {
        if (alive(inc)) {
          receive(peer.index, m, false);
        }
      }
    });
  }

  /**
   * Catch-up: after a request delay, fetch the committed blocks this node misses (with their
   * certificates and deltas) from an honest validator it can reach, and hand them to the engine in
   * order. The engine verifies each certificate and re-executes each block.
   */
  void behind(int inc, long height) {
    if (fetching) {
      return;
    }
    fetching = true;
    sim.clock.after(sim.network.delay() * 2, () -> {
      if (!alive(inc)) {
        return;
      }
      fetching = false;
      if (engine.height() > height) {
        return;
      }
      Optional<SimNode> source = sim.catchUpSource(this);
      if (source.isEmpty()) {
        sim.clock.after(STALL_MILLIS, () -> {
          if (alive(inc)) {
            behind(inc, height);
          }
        });
        return;
      }
      InMemoryLedger from = source.get().ledger;
      while (alive(inc) && engine.height() <= from.head().height()) {
        long h = engine.height();
        CommittedBlock cb = from.block(h).orElseThrow();
        for (TxBody.Update u : cb.block().body().updates()) {
          from.delta(u.deltaHash()).ifPresent(d -> mempool.deltas().put(u.deltaHash(), d));
        }
        engine.onCommittedBlock(cb);
        if (engine.height() == h) {
          break;
        }
      }
    });
  }

  /**
   * Req/resp for the deltas of a proposed block that this node lacks (it was down when they were
   * gossiped, or lost them): after a request delay, from a running peer it can reach that holds
   * them; then the engine checks the block again.
   */
  private void fetchDeltas(int inc, Block block) {
    List<Hash32> missing = new ArrayList<>();
    for (TxBody.Update u : block.body().updates()) {
      if (sidecars().delta(u.deltaHash()).isEmpty() && requested.add(u.deltaHash())) {
        missing.add(u.deltaHash());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    sim.clock.after(sim.network.delay() * 2, () -> {
      if (!alive(inc)) {
        return;
      }
      boolean got = false;
      for (Hash32 h : missing) {
        requested.remove(h);
        Optional<byte[]> d = sim.deltaSource(this, h);
        if (d.isPresent()) {
          mempool.deltas().put(h, d.get());
          got = true;
        }
      }
      if (got) {
        engine.onSidecars();
      }
    });
  }

  /** An equivocation the engine caught: sign an evidence transaction and gossip it. */
  void evidence(TxBody.Evidence e) {
    Vote a = e.first();
    if (!reportedEquivocations.add(a.validator() + "/" + a.height() + "/" + a.round() + "/" + a.step())) {
      return;
    }
    ChainState head = app.head();
    Member me = head.members().get(key.id());
    long nonce = Math.max(me == null ? 0 : me.nonce(), nextEvidenceNonce);
    nextEvidenceNonce = nonce + 1;
    SignedTx tx = SignedTx.sign(key, head.chainId(), e, nonce);
    SimNetwork.Msg m = new SimNetwork.Msg(tx.hash(), new SimNetwork.TxGossip(tx, Optional.empty()));
    seen.add(m.id());
    mempool.add(head, tx, Optional.empty());
    sim.network.broadcast(index, m);
  }

  /** The deltas and models this node holds (mempool and ledger), as the chain's sidecars. */
  Sidecars sidecars() {
    return new Sidecars() {
      @Override
      public Optional<byte[]> delta(Hash32 h) {
        return Optional.ofNullable(mempool.deltas().get(h)).or(() -> ledger.delta(h));
      }

      @Override
      public Optional<float[]> model(Hash32 h) {
        return ledger.model(h);
      }
    };
  }

  /** The honest node's outbox: gossip to peers, record own votes, catch-up and evidence. */
  final class NodeOutbox implements Outbox {
    private final int inc;

    NodeOutbox(int inc) {
      this.inc = inc;
    }

    @Override
    public void broadcast(Proposal p) {
      if (alive(inc)) {
        sendOwn(message(p), p.height());
      }
    }

    @Override
    public void broadcast(Vote v) {
      if (alive(inc)) {
        if (v.validator().equals(key.id())) {
          sentVotes.add(v);
        }
        sendOwn(message(v), v.height());
      }
    }

    @Override
    public void evidence(TxBody.Evidence e) {
      if (alive(inc)) {
        SimNode.this.evidence(e);
      }
    }

    @Override
    public void behind(long height) {
      if (alive(inc)) {
        SimNode.this.behind(inc, height);
      }
    }
  }
}
