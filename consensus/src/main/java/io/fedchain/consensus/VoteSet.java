package io.fedchain.consensus;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The votes of one step (prevote or precommit) of one round, tallied by stake. "Votes of this
 * step" count each validator once. "Votes for a block" count each validator once per block: a
 * validator that equivocates counts for each block it signed a vote for, as in the paper, where
 * a process counts the messages it received for a value (CometBFT's vote set does the same for
 * conflicting votes). Safety does not depend on it: two conflicting quorums still need more than
 * 1/3 of the stake to sign both. A second, different vote is returned as evidence.
 */
final class VoteSet {
  /** Conflicting votes kept per validator, beyond which its votes are only evidence. */
  private static final int MAX_BLOCKS_PER_VALIDATOR = 4;

  private final SortedMap<MemberId, Long> validators;
  private final long total;
  /** Each validator's first vote. */
  private final Map<MemberId, Vote> votes = new LinkedHashMap<>();
  private final Map<MemberId, Integer> blocksVoted = new LinkedHashMap<>();
  private final Map<Hash32, Tally> byBlock = new LinkedHashMap<>();
  private long stakeAny;

  /** The votes for one block (nil: {@link Hash32#ZERO}), one per validator. */
  private static final class Tally {
    final Map<MemberId, Vote> votes = new LinkedHashMap<>();
    /** Validators whose vote does not fit the block: not counted for it. */
    final Set<MemberId> malformed = new HashSet<>();
    long stake;
  }

  VoteSet(SortedMap<MemberId, Long> validators, long total) {
    this.validators = validators;
    this.total = total;
  }

  /**
   * Adds a vote; returns an earlier vote of the same validator that it conflicts with, if any. A
   * vote that does not {@code fit} its block (see {@link #markMalformed}) counts as a vote in this
   * step, for anything, but not for its block.
   */
  Optional<Vote> add(Vote v, boolean fits) {
    Long stake = validators.get(v.validator());
    if (stake == null) {
      return Optional.empty();
    }
    Vote first = votes.get(v.validator());
    if (first == null) {
      votes.put(v.validator(), v);
      stakeAny += stake;
    } else if (first.equals(v)) {
      return Optional.empty();
    }
    Tally t = byBlock.get(v.blockHash());
    Vote same = t == null ? null : t.votes.get(v.validator());
    if (same != null) {
      // A second vote for the same block (other verdicts): evidence, not counted again.
      return same.equals(v) ? Optional.empty() : Optional.of(same);
    }
    if (blocksVoted.merge(v.validator(), 1, Integer::sum) <= MAX_BLOCKS_PER_VALIDATOR) {
      t = byBlock.computeIfAbsent(v.blockHash(), k -> new Tally());
      t.votes.put(v.validator(), v);
      if (fits) {
        t.stake += stake;
      } else {
        t.malformed.add(v.validator());
      }
    }
    return first == null ? Optional.empty() : Optional.of(first);
  }

  /**
   * Once {@code blockHash} is known: its votes that do not carry one verdict per update of the
   * block ({@code updates}) stop counting for it. They may not complete a quorum for it nor enter
   * a certificate, which the chain would reject (its {@code lastCommit} check). They still count
   * as votes of this step for anything (timeouts, round skips): every validator counts them so,
   * whether it knows the block or not.
   */
  void markMalformed(Hash32 blockHash, int updates) {
    Tally t = byBlock.get(blockHash);
    if (t == null) {
      return;
    }
    for (Vote v : t.votes.values()) {
      if (v.updates() != updates && t.malformed.add(v.validator())) {
        t.stake -= validators.get(v.validator());
      }
    }
  }

  boolean has(MemberId validator) {
    return votes.containsKey(validator);
  }

  /** More than 2/3 of the stake voted for {@code blockHash} ({@link Hash32#ZERO}: nil). */
  boolean quorumFor(Hash32 blockHash) {
    Tally t = byBlock.get(blockHash);
    return t != null && Stake.moreThanTwoThirds(t.stake, total);
  }

  /** More than 2/3 of the stake voted, for anything. */
  boolean quorumAny() {
    return Stake.moreThanTwoThirds(stakeAny, total);
  }

  /** More than 1/3 of the stake voted in this step (a round to skip to). */
  boolean oneThirdAny() {
    return Stake.moreThanOneThird(stakeAny, total);
  }

  /** The block (not nil) that more than 2/3 of the stake voted for, if any. */
  Optional<Hash32> quorumBlock() {
    for (Map.Entry<Hash32, Tally> e : byBlock.entrySet()) {
      if (!e.getKey().isZero() && Stake.moreThanTwoThirds(e.getValue().stake, total)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** The votes for {@code blockHash} that fit it, in arrival order. */
  List<Vote> votesFor(Hash32 blockHash) {
    List<Vote> out = new ArrayList<>();
    Tally t = byBlock.get(blockHash);
    if (t != null) {
      for (Vote v : t.votes.values()) {
        if (!t.malformed.contains(v.validator())) {
          out.add(v);
        }
      }
    }
    return out;
  }

  long stakeAny() {
    return stakeAny;
  }

  /** Each validator's first vote. */
  Map<MemberId, Vote> votes() {
    return votes;
  }
}
