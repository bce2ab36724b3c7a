package io.fedchain.consensus.bench;

import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.VoteWal;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's WAL keeps votes in memory: no fsync, whose cost depends on the disk, not on consensus. */
final class BenchWal implements VoteWal {
  private final List<Vote> votes = new ArrayList<>();

  @Override
  public void record(Vote vote) {
    votes.add(vote);
  }

  @Override
  public List<Vote> votes(long height) {
    return votes.stream().filter(v -> v.height() == height).toList();
  }

  @Override
  public void prune(long height) {
    votes.removeIf(v -> v.height() < height);
  }
}
