package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one committed block adds to the store, as bytes the chain module has encoded and
 * hashed: the block (with its commit certificate), its deltas in block order, the state after it,
 * and the global model when the block closes a round. {@link ChainStore#append} writes all of it in
 * one atomic write.
 *
 * <p>The arrays are not copied: do not change them until {@code append} returns. Hashes are not
 * recomputed here (storage does not know the chain's hash function); the chain checks them.
 */
public record CommittedBlock(long height, Hash32 hash, Hash32 parentHash, byte[] block, List<Delta> deltas,
    Hash32 stateRoot, byte[] state, Optional<NewModel> newModel) {

  /** A delta the block includes, by content hash. */
  public record Delta(Hash32 hash, byte[] bytes) {
    public Delta {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** The global model a round-closing block sets. */
  public record NewModel(long version, Hash32 hash, byte[] parameters) {
    public NewModel {
      if (version < 0) {
        throw new IllegalArgumentException("a model version must not be negative, got " + version);
      }
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(parameters, "parameters");
    }
  }

  public CommittedBlock {
    if (height < 0) {
      throw new IllegalArgumentException("a block height must not be negative, got " + height);
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(block, "block");
    deltas = List.copyOf(deltas);
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(newModel, "newModel");
    Set<Hash32> seen = new HashSet<>();
    for (Delta d : deltas) {
      if (!seen.add(d.hash())) {
        throw new IllegalArgumentException("block " + height + " (" + hash + ") includes delta " + d.hash()
            + " twice; a block includes each delta once");
      }
    }
  }

  public BlockRef ref() {
    return new BlockRef(height, hash);
  }
}
