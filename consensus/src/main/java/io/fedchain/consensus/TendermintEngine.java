package io.fedchain.consensus;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tendermint consensus algorithm (Buchman, Kwon, Milosevic, "The latest gossip on BFT
 * consensus", Algorithm 1) with every count replaced by stake: "2f+1 messages" is more than 2/3 of
 * the validators' stake, "f+1" more than 1/3. Comments name the paper's line numbers.
 *
 * <p>What fedchain adds: {@code valid(v)} re-executes the block's state transition, and the
 * validator's prevote and precommit for a block carry its own verdict on each model update in it
 * ({@link ConsensusApp#check}); the next block's state transition reads those verdicts from the
 * commit certificate.
 *
 * <p>Single-threaded and lock-free: one thread drives it by calling {@link #start},
 * {@link #onProposal}, {@link #onVote}, {@link #onCommittedBlock} and the tasks it gives the
 * {@link Scheduler}. Before signing any vote it asks the {@link VoteWal} whether it already voted
 * in that step (after a restart it re-sends that vote instead), and it records each new vote
 * durably before sending it.
 */
public final class TendermintEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TendermintEngine.class);
  /** Messages kept for heights ahead of ours, in total. */
  private static final int MAX_FUTURE_MESSAGES = 20_000;
  private static final int FUTURE_HEIGHTS = 8;

  public enum Step { PROPOSE, PREVOTE, PRECOMMIT }

  private final ChainKey key;
  private final ConsensusApp app;
  private final Outbox out;
  private final Scheduler scheduler;
  private final VoteWal wal;
  private final ConsensusMetrics metrics;

  private ChainState head;
  private String chainId;
  private SortedMap<MemberId, Long> validators;
  private long totalStake;

  private long height;
  private int round;
  private Step step;
  private Hash32 lockedHash;
  private int lockedRound;
  private Block validBlock;
  private int validRound;
  private boolean decided;

  private final Map<Integer, Proposal> proposals = new HashMap<>();
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  private final Map<Hash32, Block> blocks = new HashMap<>();
  private final Map<Hash32, Optional<ConsensusApp.Verdict>> checks = new HashMap<>();
  private final Set<Integer> prevoteTimeoutScheduled = new HashSet<>();
  private final Set<Integer> precommitTimeoutScheduled = new HashSet<>();
  private final Set<Integer> lockRuleDone = new HashSet<>();
  private final TreeMap<Long, List<Object>> future = new TreeMap<>();
  private int futureCount;
  private long highestSeen;
  private long heightStart;
  private long stepStart;
  private boolean started;
  private boolean evaluating;
  private boolean dirty;

  public TendermintEngine(ChainKey key, ConsensusApp app, Outbox out, Scheduler scheduler, VoteWal wal,
      ConsensusMetrics metrics) {
    this.key = key;
    this.app = app;
    this.out = out;
    this.scheduler = scheduler;
    this.wal = wal;
    this.metrics = metrics;
  }

  private long commitDelayMillis;

  /**
   * How long to wait after a commit before starting the next height (CometBFT's
   * {@code timeout_commit}): it sets the pace of empty blocks and lets late precommits in. A local
   * setting, not consensus; 0 (the default) starts the next height at once.
   */
  public void setCommitDelayMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("commit delay must be >= 0, got " + millis);
    }
    this.commitDelayMillis = millis;
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  public Step step() {
    return step;
  }

  /** The round a block was locked in at this height, or -1. */
  public int lockedRound() {
    return lockedRound;
  }

  /** Line 10: upon start do StartRound(0), at the height after the committed head. */
  public void start() {
    started = true;
    enterHeight();
  }

  private void enterHeight() {
    head = app.head();
    chainId = head.chainId();
    validators = head.validators();
    totalStake = 0;
    for (long s : validators.values()) {
      totalStake += s;
    }
    height = head.height() + 1;
    round = 0;
    lockedHash = null;
    lockedRound = -1;
    validBlock = null;
    validRound = -1;
    decided = false;
    proposals.clear();
    prevotes.clear();
    precommits.clear();
    blocks.clear();
    checks.clear();
    prevoteTimeoutScheduled.clear();
    precommitTimeoutScheduled.clear();
    lockRuleDone.clear();
    heightStart = scheduler.nowMillis();
    metrics.height(height);
    // A restarted validator recovers its lock from its own precommits (it may have sent them).
    int lastVotedRound = 0;
    for (Vote v : wal.votes(height)) {
      lastVotedRound = Math.max(lastVotedRound, v.round());
      if (v.step() == Vote.Step.PRECOMMIT && !v.isNil() && v.round() > lockedRound) {
        lockedRound = v.round();
        lockedHash = v.blockHash();
      }
    }
    wal.prune(height);
    // Fix: a restart began again at round 0, so a validator that had voted in later rounds ran the
    // earlier ones again: a quorum of prevotes of a round below its lock replaced that lock with
    // the older one (line 36), and it could sign votes in rounds below one it had voted in. It
    // resumes in the last round it voted in: rounds only go up, as in the paper.
    startRound(lastVotedRound);
    List<Object> buffered = future.remove(height);
    if (buffered != null) {
      futureCount -= buffered.size();
      for (Object m : buffered) {
        if (m instanceof Proposal p) {
          onProposal(p);
        } else if (m instanceof Vote v) {
          onVote(v);
        }
      }
    }
    // Fix: a restarted validator recovered its lock but not the prevotes behind it; when every
    // honest validator that had seen them had restarted too, nobody could prove that lock again
    // and the height halted (simulation seed 21). They are kept in the WAL, counted again, and
    // sent to the peers that need them to follow a re-proposal of the locked block.
    for (Vote v : wal.lockProofs(height)) {
      out.broadcast(v);
      onVote(v);
    }
  }

  /** Lines 11-21. */
  private void startRound(int r) {
    round = r;
    enterStep(Step.PROPOSE);
    metrics.round(r);
    boolean isProposer = key.id().equals(head.proposer(r));
    boolean proposed = false;
    if (isProposer && validators.containsKey(key.id())) {
      Block block = validBlock;
      if (block == null) {
        try {
          block = app.buildBlock(r, scheduler.nowMillis());
        } catch (Exception e) {
          LOG.warn("height {} round {}: cannot build a block: {}", height, r, e.getMessage());
        }
      }
      if (block != null) {
        Proposal p = Proposal.sign(key, chainId, r, validBlock != null ? validRound : -1, block);
        out.broadcast(p);
        onProposal(p);
        proposed = true;
      }
    }
    // Fix: a proposer that could not build a block scheduled no timeout either, so it stayed in
    // the propose step and voted nothing for the whole round; it now times out like any validator
    // without a proposal.
    if (!proposed) {
      long h = height;
      scheduler.schedule(timeout(head.params().proposeTimeoutMillis(), r), () -> onTimeoutPropose(h, r));
    }
    evaluate();
  }

  private long timeout(long base, int r) {
    return base + r * head.params().timeoutDeltaMillis();
  }

  private void enterStep(Step s) {
    long now = scheduler.nowMillis();
    if (step != null) {
      metrics.stepDuration(step.name().toLowerCase(java.util.Locale.ROOT), now - stepStart);
    }
    step = s;
    stepStart = now;
  }

  public void onProposal(Proposal p) {
    if (!started) {
      return;
    }
    if (p.height() != height) {
      if (p.height() > height) {
        buffer(p.height(), p);
      }
      return;
    }
    if (proposals.containsKey(p.round()) || p.round() > round + 1000) {
      return;
    }
    if (!p.proposer().equals(head.proposer(p.round())) || !p.verify(chainId)) {
      metrics.invalidProposal("not signed by the proposer of round " + p.round());
      return;
    }
    if (p.block().header().round() > p.round() || (p.polRound() < 0 && p.block().header().round() != p.round())) {
      metrics.invalidProposal("block of round " + p.block().header().round() + " in proposal of round " + p.round());
      return;
    }
    proposals.put(p.round(), p);
    blocks.put(p.blockHash(), p.block());
    markMalformedVotes(p.block());
    evaluate();
  }

  public void onVote(Vote v) {
    if (!started) {
      return;
    }
    if (v.height() != height) {
      if (v.height() > height) {
        buffer(v.height(), v);
      } else {
        metrics.lateVote();
      }
      return;
    }
    if (!validators.containsKey(v.validator()) || v.round() > round + 1000 || !v.verify(chainId)) {
      return;
    }
    VoteSet set = votes(v.step() == Vote.Step.PREVOTE ? prevotes : precommits, v.round());
    Optional<Vote> conflict = set.add(v, fits(v));
    if (conflict.isPresent()) {
      LOG.warn("{} equivocated at {}/{} {}", v.validator(), v.height(), v.round(), v.step());
      metrics.byzantineStake(validators.get(v.validator()));
      out.evidence(new TxBody.Evidence(conflict.get(), v));
      // Fix: the second vote was dropped, so validators that got an equivocator's other vote
      // could never see the quorum (proof of lock) that a locked validator saw, and did not follow
      // its re-proposal: the height halted (simulation seed 390). It counts for its own block.
    }
    evaluate();
  }

  /**
   * A block that committed elsewhere (fetched by a syncing node) with its certificate: committed
   * here too when the certificate holds precommits from more than 2/3 of the stake and the block
   * is valid.
   */
  public void onCommittedBlock(CommittedBlock cb) {
    if (started && decided && cb.block().height() == height + 1) {
      enterHeight(); // a syncing node does not wait out the commit delay of each block
    }
    if (!started || cb.block().height() != height || decided) {
      return;
    }
    CommitCertificate c = cb.commit();
    if (c.height() != height || !c.blockHash().equals(cb.block().hash())) {
      return;
    }
    long stake = 0;
    Set<MemberId> seen = new HashSet<>();
    for (Vote v : c.precommits()) {
      Long s = validators.get(v.validator());
      if (s == null || v.step() != Vote.Step.PRECOMMIT || v.height() != height || v.round() != c.round()
          || !v.blockHash().equals(c.blockHash()) || v.updates() != cb.block().body().updates().size()
          || !seen.add(v.validator()) || !v.verify(chainId)) {
        return;
      }
      stake += s;
    }
    if (!Stake.moreThanTwoThirds(stake, totalStake)) {
      return;
    }
    blocks.put(cb.block().hash(), cb.block());
    markMalformedVotes(cb.block());
    if (valid(cb.block().hash())) {
      commit(cb.block(), c);
    }
  }

  private void buffer(long h, Object message) {
    if (h > highestSeen) {
      highestSeen = h;
      // Fix: asked only from height + 2 on. A validator one height behind (the others committed
      // with precommits it never got) then waited for its height's votes while the others, at the
      // next height, waited for its votes: the chain halted (simulation seeds 4, 9, 10).
      out.behind(h);
    }
    if (h > height + FUTURE_HEIGHTS || futureCount >= MAX_FUTURE_MESSAGES) {
      return;
    }
    future.computeIfAbsent(h, k -> new ArrayList<>()).add(message);
    futureCount++;
  }

  /**
   * Fix: a vote whose verdict list does not fit its block (a nil vote with verdicts, or a vote for
   * a known block with other than one verdict per update) was counted for that block, so it could
   * complete a quorum and enter the commit certificate, which the next block's state transition
   * then rejects: the chain halted (simulation, byzantine BAD_VERDICTS). Such a vote counts only as
   * a vote for anything; votes that arrived before their block are re-classified once it is known
   * ({@link #markMalformedVotes}).
   */
  private boolean fits(Vote v) {
    if (v.isNil()) {
      return v.updates() == 0;
    }
    Block b = blocks.get(v.blockHash());
    return b == null || v.updates() == b.body().updates().size();
  }

  private void markMalformedVotes(Block b) {
    for (VoteSet set : prevotes.values()) {
      set.markMalformed(b.hash(), b.body().updates().size());
    }
    for (VoteSet set : precommits.values()) {
      set.markMalformed(b.hash(), b.body().updates().size());
    }
  }

  private VoteSet votes(Map<Integer, VoteSet> sets, int r) {
    return sets.computeIfAbsent(r, k -> new VoteSet(validators, totalStake));
  }

  private boolean valid(Hash32 blockHash) {
    return verdict(blockHash).isPresent();
  }

  private Optional<ConsensusApp.Verdict> verdict(Hash32 blockHash) {
    Block b = blocks.get(blockHash);
    if (b == null) {
      return Optional.empty();
    }
    Optional<ConsensusApp.Verdict> cached = checks.get(blockHash);
    if (cached != null) {
      return cached;
    }
    Optional<ConsensusApp.Verdict> v;
    try {
      v = app.check(b);
    } catch (RuntimeException e) {
      LOG.warn("checking block {} failed: {}", blockHash.shortHex(), e.toString());
      v = Optional.empty();
      checks.put(blockHash, v);
    }
    // Fix: an empty check was cached for the whole height, but it also means "a delta has not
    // arrived yet": the block stayed invalid here after the delta came (with the block and its
    // certificate, by catch-up), and the validator never caught up (simulation seed 31). Only
    // verdicts are cached; the application remembers the blocks it found invalid.
    if (v.isPresent()) {
      checks.put(blockHash, v);
    }
    return v;
  }

  /** Deltas arrived that a block of this height may have lacked: its check may now succeed. */
  public void onSidecars() {
    if (started) {
      evaluate();
    }
  }

  /**
   * Applies every rule whose condition holds, until none does. Re-entrant calls (a rule sends a
   * vote, which this node then receives) only ask the running loop for another pass.
   */
  private void evaluate() {
    if (evaluating) {
      dirty = true;
      return;
    }
    evaluating = true;
    try {
      boolean again = true;
      while (again) {
        dirty = false;
        boolean changed = !decided && applyRules();
        again = changed || dirty;
      }
    } finally {
      evaluating = false;
    }
  }

  private boolean applyRules() {
    // Line 49: a decision, in any round.
    for (Map.Entry<Integer, Proposal> e : new ArrayList<>(proposals.entrySet())) {
      Proposal p = e.getValue();
      VoteSet pc = precommits.get(p.round());
      if (pc != null && pc.quorumFor(p.blockHash()) && valid(p.blockHash())) {
        commit(p.block(), new CommitCertificate(height, p.round(), p.blockHash(), pc.votesFor(p.blockHash())));
        return true;
      }
    }
    // 2/3 precommits for a block we never saw proposed: fetch it as a committed block.
    for (Map.Entry<Integer, VoteSet> e : precommits.entrySet()) {
      Optional<Hash32> b = e.getValue().quorumBlock();
      if (b.isPresent() && !blocks.containsKey(b.get())) {
        out.behind(height);
      }
    }
    // Line 55: f+1 messages of a higher round: skip to it.
    for (int r : higherRounds()) {
      if (oneThirdInRound(r)) {
        startRound(r);
        return true;
      }
    }
    Proposal p = proposals.get(round);
    VoteSet pv = votes(prevotes, round);
    VoteSet pc = votes(precommits, round);
    if (step == Step.PROPOSE && p != null) {
      if (p.polRound() < 0) {
        // Line 22.
        boolean ok = valid(p.blockHash()) && (lockedRound == -1 || p.blockHash().equals(lockedHash));
        prevote(ok ? p.blockHash() : Hash32.ZERO);
        return true;
      }
      VoteSet pol = prevotes.get(p.polRound());
      if (p.polRound() < round && pol != null && pol.quorumFor(p.blockHash())) {
        // Line 28.
        boolean ok = valid(p.blockHash()) && (lockedRound <= p.polRound() || p.blockHash().equals(lockedHash));
        prevote(ok ? p.blockHash() : Hash32.ZERO);
        return true;
      }
    }
    // Line 34.
    if (step == Step.PREVOTE && pv.quorumAny() && prevoteTimeoutScheduled.add(round)) {
      long h = height;
      int r = round;
      scheduler.schedule(timeout(head.params().voteTimeoutMillis(), r), () -> onTimeoutPrevote(h, r));
    }
    // Line 36.
    if (p != null && step != Step.PROPOSE && pv.quorumFor(p.blockHash()) && valid(p.blockHash())
        && lockRuleDone.add(round)) {
      boolean wasPrevote = step == Step.PREVOTE;
      if (wasPrevote) {
        wal.recordLockProof(pv.votesFor(p.blockHash()));
        lockedHash = p.blockHash();
        lockedRound = round;
        precommit(p.blockHash());
      }
      validBlock = p.block();
      validRound = round;
      return wasPrevote;
    }
    // Line 44.
    if (step == Step.PREVOTE && pv.quorumFor(Hash32.ZERO)) {
      precommit(Hash32.ZERO);
      return true;
    }
    // Line 47.
    if (pc.quorumAny() && precommitTimeoutScheduled.add(round)) {
      long h = height;
      int r = round;
      scheduler.schedule(timeout(head.params().voteTimeoutMillis(), r), () -> onTimeoutPrecommit(h, r));
    }
    return false;
  }

  private List<Integer> higherRounds() {
    Set<Integer> rounds = new java.util.TreeSet<>();
    for (int r : prevotes.keySet()) {
      if (r > round) {
        rounds.add(r);
      }
    }
    for (int r : precommits.keySet()) {
      if (r > round) {
        rounds.add(r);
      }
    }
    return new ArrayList<>(rounds);
  }

  /** More than 1/3 of the stake sent a prevote or precommit in round {@code r} (each validator once). */
  private boolean oneThirdInRound(int r) {
    Set<MemberId> senders = new HashSet<>();
    VoteSet a = prevotes.get(r);
    VoteSet b = precommits.get(r);
    if (a != null) {
      senders.addAll(a.votes().keySet());
    }
    if (b != null) {
      senders.addAll(b.votes().keySet());
    }
    long stake = 0;
    for (MemberId m : senders) {
      stake += validators.get(m);
    }
    return Stake.moreThanOneThird(stake, totalStake);
  }

  private void prevote(Hash32 blockHash) {
    enterStep(Step.PREVOTE);
    sendVote(Vote.Step.PREVOTE, blockHash);
  }

  private void precommit(Hash32 blockHash) {
    enterStep(Step.PRECOMMIT);
    sendVote(Vote.Step.PRECOMMIT, blockHash);
  }

  /**
   * Signs, records and broadcasts a vote, unless the WAL holds one for this step already (a
   * restart): then that one is sent again, whatever this run would have voted.
   */
  private void sendVote(Vote.Step s, Hash32 blockHash) {
    if (!validators.containsKey(key.id())) {
      return;
    }
    for (Vote earlier : wal.votes(height)) {
      if (earlier.round() == round && earlier.step() == s) {
        out.broadcast(earlier);
        onVote(earlier);
        return;
      }
    }
    ConsensusApp.Verdict verdict = blockHash.isZero() ? ConsensusApp.Verdict.NO_UPDATES
        : verdict(blockHash).orElse(ConsensusApp.Verdict.NO_UPDATES);
    Vote v = Vote.sign(key, chainId, height, round, s, blockHash, verdict.accepted(), verdict.scores());
    wal.record(v);
    out.broadcast(v);
    onVote(v);
  }

  private void onTimeoutPropose(long h, int r) {
    if (h == height && r == round && step == Step.PROPOSE && !decided) {
      prevote(Hash32.ZERO);
      evaluate();
    }
  }

  private void onTimeoutPrevote(long h, int r) {
    if (h == height && r == round && step == Step.PREVOTE && !decided) {
      precommit(Hash32.ZERO);
      evaluate();
    }
  }

  private void onTimeoutPrecommit(long h, int r) {
    if (h == height && r == round && !decided) {
      startRound(round + 1);
    }
  }

  private void commit(Block block, CommitCertificate certificate) {
    decided = true;
    long missing = totalStake;
    for (Vote v : certificate.precommits()) {
      missing -= validators.getOrDefault(v.validator(), 0L);
    }
    metrics.missingStake(missing, totalStake);
    metrics.committed(height, certificate.round(), scheduler.nowMillis() - heightStart, block.body().txs().size());
    app.commit(block, certificate);
    if (commitDelayMillis == 0) {
      enterHeight();
      return;
    }
    long committed = height;
    scheduler.schedule(commitDelayMillis, () -> {
      if (height == committed && decided) {
        enterHeight();
      }
    });
  }
}
