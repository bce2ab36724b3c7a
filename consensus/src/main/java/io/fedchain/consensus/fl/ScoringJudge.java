package io.fedchain.consensus.fl;

import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.learning.score.Verdicts;
import java.util.ArrayList;
import java.util.List;

/**
 * The real check: the chain's verdict rule ({@code Params.rule()}, e.g. leave-one-out with
 * epsilon) run by the validator's {@link ValidationScorer} on its own held-out data. Scores go into
 * the vote as accuracy differences in units of 1e-4.
 */
public final class ScoringJudge implements UpdateJudge {
  private final ValidationScorer scorer;

  public ScoringJudge(ValidationScorer scorer) {
    this.scorer = scorer;
  }

  @Override
  public ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates, List<float[]> deltas) {
    return judge(head, base, updates, deltas, 0);
  }

  @Override
  public ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates, List<float[]> deltas,
      int context) {
    List<WeightedDelta> weighted = new ArrayList<>(updates.size());
    for (int i = 0; i < updates.size(); i++) {
      weighted.add(new WeightedDelta(deltas.get(i), updates.get(i).numSamples()));
    }
    Verdicts v = head.params().rule().judge(scorer, base, weighted, context);
    short[] scores = new short[updates.size()];
    for (int i = 0; i < scores.length; i++) {
      double s = v.scores()[i] * 10_000;
      scores[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(s)));
    }
    return new ConsensusApp.Verdict(v.votes(), scores);
  }
}
