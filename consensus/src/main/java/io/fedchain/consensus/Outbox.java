package io.fedchain.consensus;

import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;

/**
 * Consensus's own interface to the network (implemented by the node over gossipsub and req/resp,
 * by an in-memory network in tests). Calls must not block and must not call back into the engine.
 */
public interface Outbox {
  void broadcast(Proposal proposal);

  void broadcast(Vote vote);

  /** Two conflicting votes of one validator: the node turns them into an evidence transaction. */
  default void evidence(TxBody.Evidence evidence) {}

  /**
   * This node saw messages of height {@code height} while at a lower one: fetch the committed
   * blocks it misses from peers and hand them to {@link TendermintEngine#onCommittedBlock}.
   */
  default void behind(long height) {}
}
