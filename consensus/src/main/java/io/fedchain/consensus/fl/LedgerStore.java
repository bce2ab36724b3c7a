package io.fedchain.consensus.fl;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import java.util.Map;
import java.util.Optional;

/** Where committed blocks, states, deltas and models live (RocksDB in the node, memory in tests). */
public interface LedgerStore {
  /** The state after the last committed block. */
  ChainState head();

  /** The certificate of the head block, which the next block carries (empty at genesis). */
  Optional<CommitCertificate> lastCommit();

  Optional<float[]> model(Hash32 hash);

  Optional<byte[]> delta(Hash32 hash);

  /** Appends a committed block, its deltas, the state after it and the model it produced, atomically. */
  void append(CommittedBlock block, Map<Hash32, byte[]> deltas, ChainState post, Optional<float[]> newModel);

  /** The committed block at {@code height}, for peers that catch up. */
  Optional<CommittedBlock> block(long height);
}
