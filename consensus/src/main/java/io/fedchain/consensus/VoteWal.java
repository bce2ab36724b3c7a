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

  /**
   * The prevotes of other validators that justified a lock (more than 2/3 of the stake for one
   * block in one round), written before the precommit that locks. Without them a restarted
   * validator keeps its lock but cannot show why, and when no running honest validator still
   * holds those prevotes, no validator can unlock or re-lock on that block: the height halts.
   */
  default void recordLockProof(List<Vote> prevotes) {}

  /** The prevotes recorded by {@link #recordLockProof} at {@code height}. */
  default List<Vote> lockProofs(long height) {
    return List.of();
  }

  /** Votes below {@code height} are no longer needed. */
  default void prune(long height) {}
}
