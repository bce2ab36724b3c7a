package io.fedchain.consensus;

/**
 * Consensus metrics hooks, as CometBFT declares them: height, rounds, step durations, commit
 * latency, missing and byzantine stake, late votes. Implementations must be cheap; called on the
 * consensus thread.
 */
public interface ConsensusMetrics {
  ConsensusMetrics NOOP = new ConsensusMetrics() {};

  default void height(long height) {}

  default void round(int round) {}

  /** Time spent in a step ({@code propose}, {@code prevote}, {@code precommit}). */
  default void stepDuration(String step, long millis) {}

  /** Time from the height's start to its commit. */
  default void committed(long height, int round, long millisSinceHeightStart, int txs) {}

  /** Stake of validators whose precommit is missing from a commit certificate. */
  default void missingStake(long stake, long total) {}

  /** Stake of validators caught equivocating. */
  default void byzantineStake(long stake) {}

  /** A vote for a height or round already decided. */
  default void lateVote() {}

  default void invalidProposal(String reason) {}
}
