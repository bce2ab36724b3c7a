package io.fedchain.consensus.rules;

import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Outbox;
import io.fedchain.consensus.Proposal;
import java.util.ArrayList;
import java.util.List;

/** What the node under test sent, in order: the only thing rule tests assert on, besides its commits. */
final class RecordingOutbox implements Outbox {
  final List<Proposal> proposals = new ArrayList<>();
  final List<Vote> votes = new ArrayList<>();
  final List<TxBody.Evidence> evidence = new ArrayList<>();
  final List<Long> behind = new ArrayList<>();

  @Override
  public void broadcast(Proposal proposal) {
    proposals.add(proposal);
  }

  @Override
  public void broadcast(Vote vote) {
    votes.add(vote);
  }

  @Override
  public void evidence(TxBody.Evidence e) {
    evidence.add(e);
  }

  @Override
  public void behind(long height) {
    behind.add(height);
  }

  List<Vote> votes(long height, int round, Vote.Step step) {
    return votes.stream().filter(v -> v.height() == height && v.round() == round && v.step() == step).toList();
  }

  List<Proposal> proposals(long height, int round) {
    return proposals.stream().filter(p -> p.height() == height && p.round() == round).toList();
  }
}
