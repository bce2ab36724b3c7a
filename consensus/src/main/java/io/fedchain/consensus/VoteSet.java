package io.fedchain.consensus;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The votes of one step (prevote or precommit) of one round, tallied by stake. One vote counts per
 * validator; a second, different vote from the same validator is equivocation: it is not counted
 * and is returned as evidence.
 */
final class VoteSet {
  private final SortedMap<MemberId, Long> validators;
  private final long total;
  private final Map<MemberId, Vote> votes = new LinkedHashMap<>();
  private final Map<Hash32, Long> stakeFor = new HashMap<>();
  /** Validators whose vote here does not fit its block. */
  private final Set<MemberId> malformed = new HashSet<>();
  private long stakeAny;

  VoteSet(SortedMap<MemberId, Long> validators, long total) {
    this.validators = validators;
    this.total = total;
  }

  /**
   * Adds a vote; returns the earlier vote it conflicts with, if any. A vote that does not
   * {@code fit} its block (see {@link #markMalformed}) counts as a vote in this step, for
   * anything, but not for its block.
   */
  Optional<Vote> add(Vote v, boolean fits) {
    Long stake = validators.get(v.validator());
    if (stake == null) {
      return Optional.empty();
    }
    Vote previous = votes.get(v.validator());
    if (previous != null) {
      return previous.equals(v) ? Optional.empty() : Optional.of(previous);
    }
    votes.put(v.validator(), v);
    if (fits) {
      stakeFor.merge(v.blockHash(), stake, Long::sum);
    } else {
      malformed.add(v.validator());
    }
    stakeAny += stake;
    return Optional.empty();
  }

  /**
   * Once {@code blockHash} is known: its votes that do not carry one verdict per update of the
   * block ({@code updates}) stop counting for it. They may not complete a quorum for it nor enter
   * a certificate, which the chain would reject (its {@code lastCommit} check). They still count
   * as votes of this step for anything (timeouts, round skips): every validator counts them so,
   * whether it knows the block or not.
   */
  void markMalformed(Hash32 blockHash, int updates) {
    for (Vote v : votes.values()) {
      if (v.blockHash().equals(blockHash) && v.updates() != updates && malformed.add(v.validator())) {
        stakeFor.merge(blockHash, -validators.get(v.validator()), Long::sum);
      }
    }
  }

  boolean has(MemberId validator) {
    return votes.containsKey(validator);
  }

  /** More than 2/3 of the stake voted for {@code blockHash} ({@link Hash32#ZERO}: nil). */
  boolean quorumFor(Hash32 blockHash) {
    return Stake.moreThanTwoThirds(stakeFor.getOrDefault(blockHash, 0L), total);
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
    for (Map.Entry<Hash32, Long> e : stakeFor.entrySet()) {
      if (!e.getKey().isZero() && Stake.moreThanTwoThirds(e.getValue(), total)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** The votes for {@code blockHash} that fit it, in arrival order. */
  List<Vote> votesFor(Hash32 blockHash) {
    List<Vote> out = new ArrayList<>();
    for (Vote v : votes.values()) {
      if (v.blockHash().equals(blockHash) && !malformed.contains(v.validator())) {
        out.add(v);
      }
    }
    return out;
  }

  long stakeAny() {
    return stakeAny;
  }

  Map<MemberId, Vote> votes() {
    return votes;
  }
}
