package io.fedchain.consensus;

import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.List;

/** A WAL in memory that survives an engine's "restart" in tests (the object outlives the engine). */
public final class MemoryWal implements VoteWal {
  private final List<Vote> votes = new ArrayList<>();

  @Override
  public void record(Vote vote) {
    votes.add(vote);
  }

  @Override
  public List<Vote> votes(long height) {
    return votes.stream().filter(v -> v.height() == height).toList();
  }
}
