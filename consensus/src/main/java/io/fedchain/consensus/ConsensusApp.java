package io.fedchain.consensus;

import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import java.util.Optional;

/**
 * What consensus needs from the rest of the node: the chain head, building a block, checking one
 * (the state transition and the FL check of its updates), and committing one. Called on the
 * consensus thread only.
 */
public interface ConsensusApp {
  /** The state after the last committed block. */
  ChainState head();

  /**
   * A block for the next height, to propose in consensus round {@code round}: transactions from
   * the mempool, the updates this validator accepts, the previous block's certificate.
   */
  Block buildBlock(int round, long nowMillis) throws Exception;

  /**
   * Re-executes {@code block} on the head and runs this validator's own check of its model
   * updates. Empty when the block is invalid; otherwise the verdict on each update, in block order.
   */
  Optional<Verdict> check(Block block);

  /** The block is decided: store it with its certificate and move the head. */
  void commit(Block block, CommitCertificate certificate);

  /** This validator's verdict on a block's updates: accept or reject each, and the score (accuracy, 1e-4 units). */
  record Verdict(boolean[] accepted, short[] scores) {
    public static final Verdict NO_UPDATES = new Verdict(new boolean[0], new short[0]);

    public Verdict {
      if (accepted.length != scores.length) {
        throw new IllegalArgumentException(accepted.length + " verdicts for " + scores.length + " scores");
      }
      accepted = accepted.clone();
      scores = scores.clone();
    }

    @Override
    public boolean[] accepted() {
      return accepted.clone();
    }

    @Override
    public short[] scores() {
      return scores.clone();
    }
  }
}
