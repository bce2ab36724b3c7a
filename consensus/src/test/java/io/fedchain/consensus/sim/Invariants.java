package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Event;
import io.fedchain.chain.state.InvalidBlockException;
import io.fedchain.chain.state.MissingSidecarException;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.state.Sidecars;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.state.StateTransition;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Vote;
import io.fedchain.learning.codec.DeltaCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The properties every run must hold, checked on the validators' ledgers and on what they sent:
 * <ul>
 *   <li>(a) agreement: no two honest validators hold different blocks at a height;</li>
 *   <li>(b) validity: the honest chain re-executes from genesis ({@code StateTransition.apply} on
 *       each parent state, so every header root and every {@code lastCommit} is checked), every
 *       honest validator's head state is the re-executed one, and every certificate stored with a
 *       block, and every block's {@code lastCommit}, holds signed precommits for that block from
 *       distinct validators of its height with more than 2/3 of their stake, each with one verdict
 *       per update of the block;</li>
 *   <li>(c) no poisoned delta is accepted: no {@code UpdateAccepted} event, and no state's
 *       accepted list, names one, and every accepted delta decodes to an unpoisoned delta;</li>
 *   <li>(d) liveness: when byzantine plus crashed-for-good stake is below 1/3, every live honest
 *       validator commits more heights after the last heal and restart;</li>
 *   <li>(e) no honest validator sent two different votes for one height, round and step, across
 *       its restarts; and (f) no honest validator was slashed.</li>
 * </ul>
 */
final class Invariants {
  private final Simulation sim;
  private final List<String> violations = new ArrayList<>();
  private final Set<Hash32> verified = new HashSet<>();

  private Invariants(Simulation sim) {
    this.sim = sim;
  }

  /** Every violated property, described; empty when the run holds them all. */
  static List<String> check(Simulation sim) {
    Invariants inv = new Invariants(sim);
    if (sim.crashed != null) {
      java.io.StringWriter w = new java.io.StringWriter();
      sim.crashed.printStackTrace(new java.io.PrintWriter(w));
      inv.violations.add("the run threw: " + w);
      return inv.violations;
    }
    inv.agreement();
    inv.validity();
    inv.liveness();
    inv.noDoubleSigning();
    return inv.violations;
  }

  private void fail(String what) {
    if (violations.size() < 20) {
      violations.add(what);
    }
  }

  /** (a) */
  private void agreement() {
    List<SimNode> honest = sim.honest();
    long max = sim.maxHonestHeight();
    for (long h = 1; h <= max; h++) {
      Hash32 first = null;
      int firstNode = -1;
      for (SimNode n : honest) {
        Optional<CommittedBlock> b = n.ledger.block(h);
        if (b.isEmpty()) {
          continue;
        }
        if (first == null) {
          first = b.get().block().hash();
          firstNode = n.index;
        } else if (!first.equals(b.get().block().hash())) {
          fail("(a) agreement: at height " + h + " honest v" + firstNode + " committed " + first.shortHex() + " but v"
              + n.index + " committed " + b.get().block().hash().shortHex());
          return;
        }
      }
    }
  }

  /** (b), (c) and (f), by re-executing the longest honest chain. */
  private void validity() {
    SimNode longest = null;
    for (SimNode n : sim.honest()) {
      if (longest == null || n.height() > longest.height()) {
        longest = n;
      }
    }
    if (longest == null) {
      return;
    }
    Set<MemberId> honestIds = new HashSet<>();
    sim.honest().forEach(n -> honestIds.add(n.key.id()));
    Map<Hash32, float[]> models = new HashMap<>();
    ChainState state = sim.genesis.initialState();
    models.put(state.round().modelHash(), sim.genesis.initialModel());
    List<ChainState> states = new ArrayList<>();
    states.add(state);
    List<CommittedBlock> chain = longest.ledger.blocks();
    Sidecars sidecars = sidecars(longest, models);
    for (CommittedBlock cb : chain) {
      Block b = cb.block();
      long h = b.height();
      ChainState pre = state;
      StateTransition.Result r;
      try {
        r = StateTransition.apply(pre, b, sidecars);
      } catch (InvalidBlockException | MissingSidecarException e) {
        fail("(b) validity: committed block " + h + " (" + b.hash().shortHex() + ") does not re-execute: "
            + e.getMessage());
        return;
      }
      // The certificate that enters the next block as lastCommit is checked there by apply; this is
      // every honest validator's own stored copy.
      for (SimNode n : sim.honest()) {
        n.ledger.block(h).ifPresent(own -> {
          if (own.block().hash().equals(b.hash())) {
            certificate("stored by v" + n.index, own.commit(), b, pre);
          }
        });
      }
      if (h > 1) {
        CommittedBlock parent = chain.get((int) h - 2);
        b.body().lastCommit().ifPresentOrElse(
            c -> certificate("lastCommit of block " + h, c, parent.block(), states.get((int) h - 2)),
            () -> fail("(b) validity: block " + h + " carries no lastCommit"));
      }
      r.newModel().ifPresent(m -> models.put(r.state().round().modelHash(), m));
      for (Event e : r.events()) {
        if (e instanceof Event.UpdateAccepted a) {
          poisonCheck("event UpdateAccepted at height " + h, a.deltaHash(), longest);
        } else if (e instanceof Event.Slashed s && honestIds.contains(s.validator())) {
          fail("(f) honest validator " + s.validator() + " was slashed at height " + h + " for " + s.height() + "/"
              + s.round());
        }
      }
      for (RoundState.UpdateRef u : r.state().round().accepted()) {
        if (sim.poisonedDeltas.contains(u.deltaHash())) {
          fail("(c) poisoned delta " + u.deltaHash().shortHex() + " is in the accepted list after height " + h);
        }
      }
      state = r.state();
      states.add(state);
    }
    for (SimNode n : sim.honest()) {
      long h = n.height();
      if (h < states.size() && !n.ledger.head().root().equals(states.get((int) h).root())) {
        fail("(b) validity: v" + n.index + "'s state at height " + h + " is not the re-executed one");
      }
    }
  }

  private Sidecars sidecars(SimNode from, Map<Hash32, float[]> models) {
    return new Sidecars() {
      @Override
      public Optional<byte[]> delta(Hash32 h) {
        return from.ledger.delta(h);
      }

      @Override
      public Optional<float[]> model(Hash32 h) {
        return Optional.ofNullable(models.get(h));
      }
    };
  }

  private void poisonCheck(String where, Hash32 deltaHash, SimNode from) {
    if (sim.poisonedDeltas.contains(deltaHash)) {
      fail("(c) poisoned delta " + deltaHash.shortHex() + " accepted: " + where);
      return;
    }
    Optional<byte[]> bytes = from.ledger.delta(deltaHash);
    if (bytes.isEmpty()) {
      fail("(b) the accepted delta " + deltaHash.shortHex() + " is not stored (" + where + ")");
    } else if (SentinelJudge.poisoned(DeltaCodec.parse("float32").decode(bytes.get(), sim.modelSize))) {
      fail("(c) an accepted delta decodes to a poisoned one: " + where);
    }
  }

  /**
   * A certificate for {@code block}, whose parent state is {@code pre}: precommits of its height
   * and round for its hash, from distinct validators of {@code pre} holding more than 2/3 of their
   * stake, validly signed, each with one verdict per update of the block.
   */
  private void certificate(String what, CommitCertificate c, Block block, ChainState pre) {
    String where = "(b) certificate " + what + " for block " + block.height() + ": ";
    if (c.height() != block.height() || !c.blockHash().equals(block.hash())) {
      fail(where + "certifies " + c.height() + "/" + c.blockHash().shortHex());
      return;
    }
    SortedMap<MemberId, Long> validators = pre.validators();
    long total = validators.values().stream().mapToLong(Long::longValue).sum();
    int updates = block.body().updates().size();
    long stake = 0;
    Set<MemberId> seen = new HashSet<>();
    for (Vote v : c.precommits()) {
      Long s = validators.get(v.validator());
      if (v.step() != Vote.Step.PRECOMMIT || v.height() != c.height() || v.round() != c.round()
          || !v.blockHash().equals(c.blockHash())) {
        fail(where + "holds " + v + ", not a precommit for it in round " + c.round());
      } else if (s == null) {
        fail(where + "holds a vote of " + v.validator() + ", not a validator at that height");
      } else if (!seen.add(v.validator())) {
        fail(where + "holds two votes of " + v.validator());
      } else if (v.updates() != updates) {
        fail(where + "a precommit of " + v.validator() + " has " + v.updates() + " verdicts for " + updates
            + " updates");
      } else if (!verified(v)) {
        fail(where + "bad signature on " + v);
      } else {
        stake += s;
      }
    }
    if (!Stake.moreThanTwoThirds(stake, total)) {
      fail(where + "precommits from " + stake + " of " + total + " stake");
    }
  }

  private boolean verified(Vote v) {
    Hash32 h = v.hash();
    if (verified.contains(h)) {
      return true;
    }
    if (v.verify(Simulation.CHAIN_ID)) {
      verified.add(h);
      return true;
    }
    return false;
  }

  /** (d): asked only when the scenario keeps byzantine plus crashed-for-good stake below 1/3. */
  private void liveness() {
    if (3 * sim.scenario.faultyStake() >= sim.scenario.totalStake()) {
      return;
    }
    if (sim.livenessReachedAt < 0) {
      fail("(d) liveness: " + sim.scenario.livenessHeights() + " heights after " + sim.scenario.stableFrom()
          + "ms (height " + sim.heightAtStable + ") not committed by every live honest validator within "
          + sim.scenario.livenessWindow() + "ms");
    }
  }

  /** (e) */
  private void noDoubleSigning() {
    for (SimNode n : sim.honest()) {
      Map<String, Vote> first = new HashMap<>();
      for (Vote v : n.sentVotes) {
        Vote earlier = first.putIfAbsent(v.height() + "/" + v.round() + "/" + v.step(), v);
        if (earlier != null && earlier.conflictsWith(v)) {
          fail("(e) honest v" + n.index + " (restarted " + n.restarts + " times) signed " + earlier + " and " + v);
          break;
        }
      }
    }
  }
}
