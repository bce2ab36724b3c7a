package io.fedchain.consensus;

import io.fedchain.chain.types.Vote;
import java.util.List;

/**
 * The validator's own votes, written durably (fsync) before they are sent: after a restart it
 * never signs a vote that conflicts with one it may already have sent, and it recovers its lock.
 */
public interface VoteWal {
  /** Returns only once {@code vote} is on stable storage. */
  void record(Vote vote);

  /** Own votes of {@code height}, in the order they were recorded. */
  List<Vote> votes(long height);

  /** Votes below {@code height} are no longer needed. */
  default void prune(long height) {}
}
