package io.fedchain.consensus;

import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * A vote WAL in memory, for simulations, tests and the benchmark: no fsync, whose cost depends on
 * the disk, not on consensus. The object outlives an engine, so a "restarted" engine given the
 * same WAL replays it as a node replays its RocksDB one ({@code store.KvVoteWal}).
 */
public final class InMemoryVoteWal implements VoteWal {
  private final List<Vote> votes = new ArrayList<>();
  private final List<Vote> proofs = new ArrayList<>();

  @Override
  public void record(Vote vote) {
    votes.add(vote);
  }

  @Override
  public List<Vote> votes(long height) {
    return votes.stream().filter(v -> v.height() == height).toList();
  }

  @Override
  public void recordLockProof(List<Vote> prevotes) {
    proofs.addAll(prevotes);
  }

  @Override
  public List<Vote> lockProofs(long height) {
    return proofs.stream().filter(v -> v.height() == height).toList();
  }

  @Override
  public void prune(long height) {
    votes.removeIf(v -> v.height() < height);
    proofs.removeIf(v -> v.height() < height);
  }

  /** Loses every record: a disk that did not keep them (simulation self-tests). */
  public void clear() {
    votes.clear();
    proofs.clear();
  }
}
