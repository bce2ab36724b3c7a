package io.fedchain.consensus.sim;

import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.VoteWal;
import java.util.ArrayList;
import java.util.List;

/** A vote WAL in memory that outlives the engines of one validator (its "disk"). */
final class RecordingWal implements VoteWal {
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

  /** Loses every record: a disk that did not keep them (only the harness's own self-test uses it). */
  void lose() {
    votes.clear();
    proofs.clear();
  }
}
