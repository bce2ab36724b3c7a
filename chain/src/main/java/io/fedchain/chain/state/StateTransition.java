package io.fedchain.chain.state;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockBody;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.codec.CodecException;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.model.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a block means: from the state after its parent and the block, the state after it. Every
 * node runs it on every block and must get the same bits, so it is plain Java over integers and the
 * learning module's deterministic aggregation, with everything in a fixed order.
 *
 * <p>Order of a block's effects:
 * <ol>
 *   <li>check the header against the parent state (chain id, height, parent, time, proposer, roots);</li>
 *   <li>check {@code lastCommit}, the previous block's certificate: precommits for it from more
 *       than 2/3 of the stake that voted on it; pay each of those validators;</li>
 *   <li>settle the previous block's updates from the certificate's verdicts: accepted when the
 *       validators that vote for one hold more than 2/3 of the stake (absent votes count as no);
 *       reward accepted trainers, cost rejected ones reputation and, below the threshold, suspend
 *       them;</li>
 *   <li>release unbonded stake that is due, and lapse old proposals;</li>
 *   <li>close the FL round when K updates are accepted, or when the deadline passed with at least
 *       one: aggregate the accepted deltas in acceptance order with the configured rule, and move
 *       the model to the next version (a block that closes a round may carry no updates);</li>
 *   <li>apply the transactions in order; any invalid transaction makes the block invalid;</li>
 *   <li>compare the resulting state root and model with the header.</li>
 * </ol>
 */
public final class StateTransition {
  /** Most samples an update may claim: enough for any member, small enough that sums never overflow. */
  public static final long MAX_SAMPLES = 1L << 40;
  /** Highest consensus round a block may carry (each round costs the rotation a step). */
  public static final int MAX_ROUND = 10_000;

  private StateTransition() {}

  /** The result of a block: the new state, the new global model when a round closed, and the events. */
  public record Result(ChainState state, Optional<float[]> newModel, List<Event> events) {}

  /** Executes and checks a block received from a peer. */
  public static Result apply(ChainState pre, Block block, Sidecars sidecars)
      throws InvalidBlockException, MissingSidecarException {
    List<String> mismatches = block.rootMismatches();
    if (!mismatches.isEmpty()) {
      throw new InvalidBlockException("block " + block.height() + ": header does not match body: "
          + String.join(", ", mismatches));
    }
    Result r = execute(pre, block.header(), block.body(), sidecars);
    BlockHeader h = block.header();
    if (!h.stateRoot().equals(r.state().root())) {
      throw new InvalidBlockException("block " + h.height() + ": state root " + h.stateRoot().shortHex()
          + " differs from the re-executed " + r.state().root().shortHex());
    }
    if (h.modelVersion() != r.state().round().round() || !h.modelHash().equals(r.state().round().modelHash())) {
      throw new InvalidBlockException("block " + h.height() + ": model version/hash " + h.modelVersion() + "/"
          + h.modelHash().shortHex() + " differ from the re-executed " + r.state().round().round() + "/"
          + r.state().round().modelHash().shortHex());
    }
    return r;
  }

  /**
   * Runs the transition without comparing the header's state root and model (a proposer uses it
   * to fill them in; {@link #apply} compares them).
   */
  public static Result execute(ChainState pre, BlockHeader header, BlockBody body, Sidecars sidecars)
      throws InvalidBlockException, MissingSidecarException {
    return new Run(pre, header, body, sidecars).run();
  }

  /** Whether a block at {@code timestampMillis} after {@code pre} would close the FL round. */
  public static boolean wouldCloseRound(ChainState pre, long timestampMillis, List<Boolean> pendingAccepted) {
    long accepted = pre.round().accepted().size() + pendingAccepted.stream().filter(b -> b).count();
    return closes(pre.params(), pre.round(), accepted, timestampMillis);
  }

  /**
   * K accepted updates close a round; so does its deadline, with whatever was accepted by then. A
   * round that reaches its deadline with no accepted update closes too, with the model unchanged
   * (the next version has the same parameters): otherwise a round whose updates were all rejected
   * would wait forever, as each trainer sends one update per round.
   */
  static boolean closes(Params p, RoundState round, long accepted, long now) {
    return accepted >= p.updatesToClose() || now - round.startTimeMillis() >= p.roundDeadlineMillis();
  }

  /** One execution: mutable working copies of the state's parts, discarded if the block fails. */
  private static final class Run {
    private final ChainState pre;
    private final BlockHeader header;
    private final BlockBody body;
    private final Sidecars sidecars;
    private final long height;
    private final SortedMap<MemberId, Member> members;
    private final List<ProposalState> proposals;
    private final List<Hash32> slashed;
    private final List<Event> events = new ArrayList<>();
    private Params params;
    private RoundState round;
    private long nextProposalId;
    private float[] newModel;

    Run(ChainState pre, BlockHeader header, BlockBody body, Sidecars sidecars) {
      this.pre = pre;
      this.header = header;
      this.body = body;
      this.sidecars = sidecars;
      this.height = pre.height() + 1;
      this.members = new TreeMap<>(pre.members());
      this.proposals = new ArrayList<>(pre.proposals());
      this.slashed = new ArrayList<>(pre.slashed());
      this.params = pre.params();
      this.round = pre.round();
      this.nextProposalId = pre.nextProposalId();
    }

    private InvalidBlockException invalid(String why) {
      return new InvalidBlockException("block " + height + ": " + why);
    }

    Result run() throws InvalidBlockException, MissingSidecarException {
      checkHeader();
      settleLastCommit();
      releaseUnbonding();
      lapseProposals();
      long current = round.round();
      if (closes(params, round, round.accepted().size(), header.timestampMillis()) && closeRound()
          && !body.updates().isEmpty()) {
        throw invalid("a block that closes FL round " + current + " may not carry model updates");
      }
      List<RoundState.UpdateRef> pending = new ArrayList<>();
      for (int i = 0; i < body.txs().size(); i++) {
        applyTx(i, body.txs().get(i), pending);
      }
      round = new RoundState(round.round(), round.modelHash(), round.startHeight(), round.startTimeMillis(),
          round.accepted(), round.rejected(), pending);
      ChainState bare = new ChainState(pre.chainId(), pre.genesisHash(), height, header.hash(), header.timestampMillis(),
          params, members, round, proposals, nextProposalId, slashed, pre.validators(), pre.proposerPriority());
      SortedMap<MemberId, Long> priorities = ProposerRotation.reconcile(
          ProposerRotation.advance(pre.proposerPriority(), pre.validators(), header.round() + 1), bare.validators());
      ChainState post = new ChainState(pre.chainId(), pre.genesisHash(), height, header.hash(), header.timestampMillis(),
          params, members, round, proposals, nextProposalId, slashed, pre.validators(), priorities);
      return new Result(post, Optional.ofNullable(newModel), List.copyOf(events));
    }

    private void checkHeader() throws InvalidBlockException {
      if (!header.chainId().equals(pre.chainId())) {
        throw invalid("chain id '" + header.chainId() + "' is not '" + pre.chainId() + "'");
      }
      if (header.height() != height) {
        throw invalid("height " + header.height() + " does not follow " + pre.height());
      }
      if (!header.parentHash().equals(pre.lastBlockHash())) {
        throw invalid("parent " + header.parentHash().shortHex() + " is not the head " + pre.lastBlockHash().shortHex());
      }
      if (header.round() > MAX_ROUND) {
        throw invalid("consensus round " + header.round() + " is beyond " + MAX_ROUND);
      }
      if (header.timestampMillis() <= pre.lastBlockTime()) {
        throw invalid("timestamp " + header.timestampMillis() + " is not after the parent's " + pre.lastBlockTime());
      }
      Member proposer = pre.members().get(header.proposer());
      if (proposer == null || !proposer.isValidator()) {
        throw invalid("proposer " + header.proposer() + " is not a validator");
      }
    }

    private void settleLastCommit() throws InvalidBlockException {
      Optional<CommitCertificate> lc = body.lastCommit();
      if (pre.height() == 0) {
        if (lc.isPresent()) {
          throw invalid("the first block has no previous block to certify");
        }
        return;
      }
      if (lc.isEmpty()) {
        throw invalid("missing the commit certificate of block " + pre.height());
      }
      CommitCertificate cert = lc.get();
      if (cert.height() != pre.height() || !cert.blockHash().equals(pre.lastBlockHash())) {
        throw invalid("lastCommit certifies " + cert.height() + "/" + cert.blockHash().shortHex() + ", not the parent "
            + pre.height() + "/" + pre.lastBlockHash().shortHex());
      }
      SortedMap<MemberId, Long> voters = pre.lastValidators();
      long total = 0;
      for (long s : voters.values()) {
        total += s;
      }
      List<RoundState.UpdateRef> pending = round.pending();
      long[] yes = new long[pending.size()];
      long signed = 0;
      Set<MemberId> seen = new HashSet<>();
      for (Vote v : cert.precommits()) {
        if (v.step() != Vote.Step.PRECOMMIT || v.height() != cert.height() || v.round() != cert.round()
            || !v.blockHash().equals(cert.blockHash())) {
          throw invalid("lastCommit holds a vote that is not a precommit for the certified block: " + v);
        }
        Long stake = voters.get(v.validator());
        if (stake == null) {
          throw invalid("lastCommit holds a vote of " + v.validator() + ", not a validator of block " + pre.height());
        }
        if (!seen.add(v.validator())) {
          throw invalid("lastCommit holds two votes of " + v.validator());
        }
        if (v.updates() != pending.size()) {
          throw invalid("a precommit of " + v.validator() + " has " + v.updates() + " verdicts for " + pending.size()
              + " updates");
        }
        if (!v.verify(pre.chainId())) {
          throw invalid("bad signature on the precommit of " + v.validator());
        }
        signed += stake;
        for (int i = 0; i < yes.length; i++) {
          if (v.accepts(i)) {
            yes[i] += stake;
          }
        }
      }
      if (!Stake.moreThanTwoThirds(signed, total)) {
        throw invalid("lastCommit has precommits from " + signed + " of " + total + " stake, not more than 2/3");
      }
      for (MemberId v : seen) {
        credit(v, params.validatorReward());
      }
      List<RoundState.UpdateRef> accepted = new ArrayList<>(round.accepted());
      List<RoundState.UpdateRef> rejected = new ArrayList<>(round.rejected());
      for (int i = 0; i < pending.size(); i++) {
        RoundState.UpdateRef u = pending.get(i);
        Member trainer = members.get(u.trainer());
        if (Stake.moreThanTwoThirds(yes[i], total)) {
          accepted.add(u);
          events.add(new Event.UpdateAccepted(round.round(), u.trainer(), u.deltaHash(), yes[i], total));
          if (trainer != null) {
            members.put(trainer.id(), trainer.withBalance(Stake.saturatingAdd(trainer.balance(), params.updateReward()))
                .withReputation(trainer.reputation() + params.reputationReward(), trainer.suspendedUntilRound()));
          }
        } else {
          rejected.add(u);
          events.add(new Event.UpdateRejected(round.round(), u.trainer(), u.deltaHash(), yes[i], total));
          if (trainer != null) {
            long rep = trainer.reputation() - params.reputationPenalty();
            long until = trainer.suspendedUntilRound();
            if (rep < params.suspendBelow()) {
              until = round.round() + 1 + params.suspendRounds();
              events.add(new Event.TrainerSuspended(trainer.id(), until));
            }
            members.put(trainer.id(), trainer.withReputation(rep, until));
          }
        }
      }
      round = new RoundState(round.round(), round.modelHash(), round.startHeight(), round.startTimeMillis(), accepted,
          rejected, List.of());
    }

    private void credit(MemberId id, long amount) {
      Member m = members.get(id);
      if (m != null && amount > 0) {
        members.put(id, m.withBalance(Stake.saturatingAdd(m.balance(), amount)));
      }
    }

    private void releaseUnbonding() {
      for (Member m : List.copyOf(members.values())) {
        if (m.unbonding().isEmpty()) {
          continue;
        }
        long released = 0;
        List<Member.Unbonding> kept = new ArrayList<>();
        for (Member.Unbonding u : m.unbonding()) {
          if (u.releaseHeight() <= height) {
            released += u.amount();
          } else {
            kept.add(u);
          }
        }
        if (released > 0) {
          members.put(m.id(), m.withBalance(Stake.saturatingAdd(m.balance(), released)).withUnbonding(kept));
        }
      }
    }

    private void lapseProposals() {
      proposals.removeIf(p -> {
        if (height - p.createdHeight() > params.proposalTtlBlocks()) {
          events.add(new Event.ProposalLapsed(p.id()));
          return true;
        }
        return false;
      });
    }

    /**
     * Aggregates the round's accepted updates into the next model version. Returns false, leaving
     * the round open, when the aggregation rule cannot take these updates (e.g. Krum needs at
     * least 2f+3): the round waits for more.
     */
    private boolean closeRound() throws MissingSidecarException, InvalidBlockException {
      float[] base = sidecars.model(round.modelHash())
          .orElseThrow(() -> new MissingSidecarException("model", round.modelHash()));
      List<WeightedDelta> deltas = new ArrayList<>();
      for (RoundState.UpdateRef u : round.accepted()) {
        byte[] bytes = sidecars.delta(u.deltaHash()).orElseThrow(() -> new MissingSidecarException("delta",
            u.deltaHash()));
        if (!Hash32.sha256(bytes).equals(u.deltaHash())) {
          throw new MissingSidecarException("a delta matching hash", u.deltaHash());
        }
        try {
          deltas.add(new WeightedDelta(DeltaCodec.parse(u.codec()).decode(bytes, base.length), u.numSamples()));
        } catch (CodecException e) {
          // Validators decoded it before accepting it; reaching this means a broken rule, not bad luck.
          throw invalid("accepted delta " + u.deltaHash().shortHex() + " does not decode: " + e.getMessage());
        }
      }
      if (deltas.isEmpty()) {
        newModel = base.clone();
      } else {
        float[] aggregate;
        try {
          aggregate = Aggregator.parse(params.aggregator()).aggregate(deltas);
        } catch (IllegalArgumentException e) {
          return false;
        }
        newModel = Parameters.add(base, aggregate);
      }
      if (Parameters.firstNonFinite(newModel) >= 0) {
        throw invalid("the aggregate of round " + round.round() + " overflows");
      }
      Hash32 hash = Hash32.wrap(Parameters.sha256(newModel));
      events.add(new Event.RoundClosed(round.round(), round.round() + 1, hash, deltas.size()));
      round = new RoundState(round.round() + 1, hash, height, header.timestampMillis(), List.of(), List.of(), List.of());
      return true;
    }

    private void applyTx(int index, SignedTx tx, List<RoundState.UpdateRef> pending) throws InvalidBlockException {
      String where = "tx " + index + " (" + tx + ")";
      Member signer = members.get(tx.signer());
      if (signer == null) {
        throw invalid(where + ": signer is not a member");
      }
      if (tx.nonce() != signer.nonce()) {
        throw invalid(where + ": nonce " + tx.nonce() + ", expected " + signer.nonce());
      }
      if (!tx.verify(pre.chainId())) {
        throw invalid(where + ": bad signature");
      }
      signer = signer.withNonce(signer.nonce() + 1);
      members.put(signer.id(), signer);
      TxBody b = tx.body();
      if (b instanceof TxBody.Update u) {
        applyUpdate(where, signer, u, pending);
      } else if (b instanceof TxBody.Bond x) {
        if (x.amount() <= 0 || x.amount() > signer.balance()) {
          throw invalid(where + ": cannot bond " + x.amount() + " from a balance of " + signer.balance());
        }
        members.put(signer.id(), signer.withBalance(signer.balance() - x.amount())
            .withStake(Stake.saturatingAdd(signer.stake(), x.amount())));
      } else if (b instanceof TxBody.Unbond x) {
        if (x.amount() <= 0 || x.amount() > signer.stake()) {
          throw invalid(where + ": cannot unbond " + x.amount() + " of a stake of " + signer.stake());
        }
        List<Member.Unbonding> u = new ArrayList<>(signer.unbonding());
        u.add(new Member.Unbonding(x.amount(), height + params.unbondingBlocks()));
        members.put(signer.id(), signer.withStake(signer.stake() - x.amount()).withUnbonding(u));
        if (totalStake() == 0) {
          throw invalid(where + ": would leave no validator stake");
        }
      } else if (b instanceof TxBody.Propose p) {
        checkProposal(where, p.proposal());
        long id = nextProposalId++;
        proposals.add(new ProposalState(id, signer.id(), p.proposal(), height, List.of(), List.of()));
        events.add(new Event.ProposalOpened(id, signer.id()));
        vote(id, signer.id(), true);
      } else if (b instanceof TxBody.VoteOnProposal v) {
        if (proposals.stream().noneMatch(p -> p.id() == v.proposalId())) {
          throw invalid(where + ": no open proposal " + v.proposalId());
        }
        if (signer.stake() == 0) {
          throw invalid(where + ": only members with stake vote on proposals");
        }
        vote(v.proposalId(), signer.id(), v.approve());
      } else if (b instanceof TxBody.Evidence e) {
        applyEvidence(where, e);
      }
    }

    private long totalStake() {
      long sum = 0;
      for (Member m : members.values()) {
        if (m.isValidator()) {
          sum += m.stake();
        }
      }
      return sum;
    }

    private void applyUpdate(String where, Member trainer, TxBody.Update u, List<RoundState.UpdateRef> pending)
        throws InvalidBlockException {
      if (!trainer.roles().trainer()) {
        throw invalid(where + ": " + trainer.id() + " is not a trainer");
      }
      if (trainer.suspendedUntilRound() > round.round()) {
        throw invalid(where + ": " + trainer.id() + " is suspended until round " + trainer.suspendedUntilRound());
      }
      if (u.flRound() != round.round() || !u.baseModelHash().equals(round.modelHash())) {
        throw invalid(where + ": update for round " + u.flRound() + " on model " + u.baseModelHash().shortHex()
            + ", but round " + round.round() + " trains model " + round.modelHash().shortHex());
      }
      if (!u.codec().equals(params.codec())) {
        throw invalid(where + ": codec " + u.codec() + ", but the chain uses " + params.codec());
      }
      if (u.numSamples() <= 0 || u.numSamples() > MAX_SAMPLES || u.deltaSize() <= 0
          || u.deltaSize() > params.maxDeltaBytes()) {
        throw invalid(where + ": " + u.numSamples() + " samples and " + u.deltaSize() + " bytes are out of bounds");
      }
      boolean again = round.accepted().stream().anyMatch(r -> r.trainer().equals(trainer.id()))
          || round.rejected().stream().anyMatch(r -> r.trainer().equals(trainer.id()))
          || pending.stream().anyMatch(r -> r.trainer().equals(trainer.id()));
      if (again) {
        throw invalid(where + ": " + trainer.id() + " already sent an update in round " + round.round());
      }
      pending.add(new RoundState.UpdateRef(trainer.id(), u.deltaHash(), u.numSamples(), u.codec()));
    }

    private void checkProposal(String where, Proposal p) throws InvalidBlockException {
      if (p instanceof Proposal.AdmitMember a) {
        if (members.containsKey(a.member())) {
          throw invalid(where + ": " + a.member() + " is already a member");
        }
      } else if (p instanceof Proposal.RemoveMember r) {
        if (!members.containsKey(r.member())) {
          throw invalid(where + ": " + r.member() + " is not a member");
        }
      } else if (p instanceof Proposal.ChangeRoles c) {
        if (!members.containsKey(c.member())) {
          throw invalid(where + ": " + c.member() + " is not a member");
        }
      } else if (p instanceof Proposal.ChangeParam c) {
        try {
          params.with(c.name(), c.value());
        } catch (IllegalArgumentException e) {
          throw invalid(where + ": " + e.getMessage());
        }
      }
    }

    /** Records a vote and, when yes votes exceed 2/3 of total stake, applies the proposal. */
    private void vote(long id, MemberId voter, boolean approve) throws InvalidBlockException {
      int idx = -1;
      for (int i = 0; i < proposals.size(); i++) {
        if (proposals.get(i).id() == id) {
          idx = i;
        }
      }
      ProposalState p = proposals.get(idx);
      if (p.yes().contains(voter) || p.no().contains(voter)) {
        throw invalid("member " + voter + " already voted on proposal " + id);
      }
      List<MemberId> yes = new ArrayList<>(p.yes());
      List<MemberId> no = new ArrayList<>(p.no());
      (approve ? yes : no).add(voter);
      yes.sort(null);
      no.sort(null);
      p = new ProposalState(p.id(), p.proposer(), p.proposal(), p.createdHeight(), yes, no);
      proposals.set(idx, p);
      long yesStake = 0;
      for (MemberId m : yes) {
        Member mm = members.get(m);
        if (mm != null && mm.isValidator()) {
          yesStake += mm.stake();
        }
      }
      if (Stake.moreThanTwoThirds(yesStake, totalStake())) {
        proposals.remove(idx);
        enact(p);
      }
    }

    private void enact(ProposalState p) {
      SortedMap<MemberId, Member> before = new TreeMap<>(members);
      Params paramsBefore = params;
      Proposal x = p.proposal();
      if (x instanceof Proposal.AdmitMember a && members.containsKey(a.member())) {
        // Fix: a second AdmitMember for the same key, passed after the first, replaced the account
        // with a fresh one: stake, balance and unbonding lost, and the nonce back at 0, so the
        // member's earlier transactions could be replayed.
        events.add(new Event.ProposalFailed(p.id(), a.member() + " is already a member"));
        return;
      }
      if (x instanceof Proposal.AdmitMember a) {
        members.put(a.member(), new Member(a.member(), a.roles(), a.stake(), 0, 0, 0, 0, List.of()));
      } else if (x instanceof Proposal.RemoveMember r) {
        members.remove(r.member());
      } else if (x instanceof Proposal.ChangeRoles c) {
        Member m = members.get(c.member());
        if (m != null) {
          members.put(m.id(), m.withRoles(c.roles()));
        }
      } else if (x instanceof Proposal.ChangeParam c) {
        params = params.with(c.name(), c.value());
      }
      if (totalStake() == 0) {
        members.clear();
        members.putAll(before);
        params = paramsBefore;
        events.add(new Event.ProposalFailed(p.id(), "it would leave no validator stake"));
        return;
      }
      events.add(new Event.ProposalPassed(p.id()));
    }

    private void applyEvidence(String where, TxBody.Evidence e) throws InvalidBlockException {
      Vote a = e.first();
      Vote b = e.second();
      if (!a.conflictsWith(b)) {
        throw invalid(where + ": the two votes do not conflict");
      }
      if (!a.verify(pre.chainId()) || !b.verify(pre.chainId())) {
        throw invalid(where + ": a vote of the evidence has a bad signature");
      }
      Member v = members.get(a.validator());
      if (v == null) {
        throw invalid(where + ": " + a.validator() + " is not a member");
      }
      Hash32 key = Hash32.sha256(a.validator().publicKey(),
          (a.height() + "/" + a.round() + "/" + a.step()).getBytes(StandardCharsets.UTF_8));
      int pos = java.util.Collections.binarySearch(slashed, key);
      if (pos >= 0) {
        throw invalid(where + ": this equivocation was already punished");
      }
      slashed.add(-pos - 1, key);
      // Fix: was stake * slashBp / 10_000, which overflows once stake * slashBp passes 2^63 (a stake of
      // 9.2e14 at slashBp 10000): the amount came out wrong or negative (raising the stake, or leaking
      // an IllegalArgumentException). The same floor, computed without overflow.
      long amount = v.stake() / 10_000 * params.slashBp() + v.stake() % 10_000 * params.slashBp() / 10_000;
      members.put(v.id(), v.withStake(v.stake() - amount));
      events.add(new Event.Slashed(v.id(), amount, a.height(), a.round()));
    }
  }
}
