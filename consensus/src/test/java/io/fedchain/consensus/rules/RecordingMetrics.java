package io.fedchain.consensus.rules;

import io.fedchain.consensus.ConsensusMetrics;
import java.util.ArrayList;
import java.util.List;

/** The engine's metric calls, kept so tests can assert on them. */
final class RecordingMetrics implements ConsensusMetrics {
  final List<String> invalidProposals = new ArrayList<>();
  final List<Long> byzantineStake = new ArrayList<>();
  int lateVotes;

  @Override
  public void invalidProposal(String reason) {
    invalidProposals.add(reason);
  }

  @Override
  public void byzantineStake(long stake) {
    byzantineStake.add(stake);
  }

  @Override
  public void lateVote() {
    lateVotes++;
  }
}
