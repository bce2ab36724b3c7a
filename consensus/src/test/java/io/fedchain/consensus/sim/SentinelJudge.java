package io.fedchain.consensus.sim;

import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.consensus.fl.UpdateJudge;
import java.util.List;

/**
 * An honest validator's check in simulations, cheap and exact: a delta whose first element is
 * {@link #POISON} is rejected, any other is accepted. Simulated trainers mark poisoned deltas so.
 */
final class SentinelJudge implements UpdateJudge {
  static final float POISON = 999f;

  static boolean poisoned(float[] delta) {
    return delta.length > 0 && delta[0] == POISON;
  }

  @Override
  public ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates, List<float[]> deltas) {
    boolean[] accepted = new boolean[updates.size()];
    short[] scores = new short[updates.size()];
    for (int i = 0; i < accepted.length; i++) {
      accepted[i] = !poisoned(deltas.get(i));
      scores[i] = (short) (accepted[i] ? 50 : -5000);
    }
    return new ConsensusApp.Verdict(accepted, scores);
  }
}
