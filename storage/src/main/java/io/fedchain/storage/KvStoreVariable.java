package io.fedchain.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A single value kept in the schema's metadata column under its id: the on-disk version, the chain
 * head, pruning progress. Ids, like column ids, are never reused.
 */
public record KvStoreVariable<V>(int id, String name, Serializer<V> serializer) {
  public KvStoreVariable {
    if (id < 0) {
      throw new IllegalArgumentException("variable id must not be negative, got " + id + " for '" + name + "'");
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("variable " + id + " needs a name");
    }
    Objects.requireNonNull(serializer, "serializer");
  }

  /** The variable's key in the metadata column: its id, 4 bytes big-endian. */
  public byte[] key() {
    return ByteBuffer.allocate(Integer.BYTES).putInt(id).array();
  }

  @Override
  public String toString() {
    return "variable '" + name + "' (id " + id + ")";
  }
}
