package io.fedchain.consensus;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private long stakeAny;

  VoteSet(SortedMap<MemberId, Long> validators, long total) {
    this.validators = validators;
    this.total = total;
  }

  /** Adds a vote; returns the earlier vote it conflicts with, if any. */
  Optional<Vote> add(Vote v) {
    Long stake = validators.get(v.validator());
    if (stake == null) {
      return Optional.empty();
    }
    Vote previous = votes.get(v.validator());
    if (previous != null) {
      return previous.equals(v) ? Optional.empty() : Optional.of(previous);
    }
    votes.put(v.validator(), v);
    stakeFor.merge(v.blockHash(), stake, Long::sum);
    stakeAny += stake;
    return Optional.empty();
  }

  /**
   * Drops the votes for {@code blockHash} that do not carry one verdict per update of that block
   * ({@code updates}), once the block is known: they may not count toward a quorum nor enter a
   * certificate, which the chain would reject (its {@code lastCommit} check). Their senders may
   * vote again.
   */
  void discardMalformed(Hash32 blockHash, int updates) {
    var it = votes.values().iterator();
    while (it.hasNext()) {
      Vote v = it.next();
      if (v.blockHash().equals(blockHash) && v.updates() != updates) {
        long stake = validators.get(v.validator());
        stakeFor.merge(blockHash, -stake, Long::sum);
        stakeAny -= stake;
        it.remove();
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

  /** The votes for {@code blockHash}, in arrival order. */
  List<Vote> votesFor(Hash32 blockHash) {
    List<Vote> out = new ArrayList<>();
    for (Vote v : votes.values()) {
      if (v.blockHash().equals(blockHash)) {
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
