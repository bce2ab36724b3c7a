package io.fedchain.chain.state;

import io.fedchain.chain.crypto.Hash32;
import java.util.Optional;

/** Where the transition finds the data blocks name by hash: encoded deltas and global models. */
public interface Sidecars {
  Optional<byte[]> delta(Hash32 deltaHash);

  Optional<float[]> model(Hash32 modelHash);
}
