package io.fedchain.storage;

import java.util.Objects;

/**
 * A typed column: its id (what is on disk, never reused), a name for messages and tools, and the
 * serializers of its keys and values. A store accepts only the columns of its schema.
 */
public record KvStoreColumn<K, V>(int id, String name, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
  public KvStoreColumn {
    if (id < 0) {
      throw new IllegalArgumentException("column id must not be negative, got " + id + " for '" + name + "'");
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("column " + id + " needs a name");
    }
    Objects.requireNonNull(keySerializer, "keySerializer");
    Objects.requireNonNull(valueSerializer, "valueSerializer");
  }

  @Override
  public String toString() {
    return "column '" + name + "' (id " + id + ")";
  }
}
