package io.fedchain.consensus.fl;

import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusApp;
import java.util.List;

/**
 * A validator's check of a block's model updates against the model they were trained from:
 * {@link ScoringJudge} runs the learning module's verdict rule on the validator's own validation
 * data; simulations use cheaper judges.
 */
@FunctionalInterface
public interface UpdateJudge {
  /** One verdict per update, in order; {@code deltas} hold each update's decoded delta. */
  ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates, List<float[]> deltas);

  /**
   * Verdicts on {@code updates[context..]}; the first {@code context} updates are the round's
   * accepted ones, given so that a rule comparing an update with its peers sees the whole round.
   * The result covers every update; the context's entries are ignored. By default all are judged.
   */
  default ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates,
      List<float[]> deltas, int context) {
    return judge(head, base, updates, deltas);
  }

  /** Accepts everything (a validator without validation data). */
  UpdateJudge ACCEPT_ALL = (head, base, updates, deltas) -> {
    boolean[] yes = new boolean[updates.size()];
    java.util.Arrays.fill(yes, true);
    return new ConsensusApp.Verdict(yes, new short[updates.size()]);
  };
}
