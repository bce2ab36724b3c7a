package io.fedchain.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The typed side of a store, shared by both implementations: schema checks, serialization, and
 * turning a malformed stored value into an error that names the store, column and key. The
 * implementations deal in bytes only.
 */
abstract class AbstractKvStore implements KvStore {
  private final SchemaDefinition schema;

  AbstractKvStore(SchemaDefinition schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /** The stored value, or null. */
  abstract byte[] getRaw(int columnId, byte[] key);

  /** Entries with {@code from <= key < to} in key order; a null bound is open. */
  abstract Stream<RawEntry> streamRaw(int columnId, byte[] from, byte[] to);

  /** Applies all writes atomically. */
  abstract void write(List<Write> writes, Durability durability);

  /** Names the store in messages: its directory, or "in-memory store". */
  abstract String describe();

  @Override
  public SchemaDefinition schema() {
    return schema;
  }

  @Override
  public <K, V> Optional<V> get(KvStoreColumn<K, V> column, K key) {
    requireColumn(column);
    byte[] k = keyBytes(column, key);
    byte[] v = getRaw(column.id(), k);
    return v == null ? Optional.empty() : Optional.of(decode(column.valueSerializer(), v, column, k));
  }

  @Override
  public <V> Optional<V> get(KvStoreVariable<V> variable) {
    requireVariable(variable);
    byte[] v = getRaw(SchemaDefinition.METADATA.id(), variable.key());
    return v == null ? Optional.empty() : Optional.of(decode(variable.serializer(), v, variable, variable.key()));
  }

  @Override
  public <K, V> Stream<ColumnEntry<K, V>> stream(KvStoreColumn<K, V> column) {
    requireColumn(column);
    return typed(column, streamRaw(column.id(), null, null));
  }

  @Override
  public <K, V> Stream<ColumnEntry<K, V>> stream(KvStoreColumn<K, V> column, K fromInclusive, K toExclusive) {
    requireColumn(column);
    byte[] from = keyBytes(column, fromInclusive);
    byte[] to = keyBytes(column, toExclusive);
    if (ByteKeys.ORDER.compare(from, to) >= 0) {
      return Stream.empty();
    }
    return typed(column, streamRaw(column.id(), from, to));
  }

  @Override
  public <K, V> Stream<ColumnEntry<K, V>> streamPrefix(KvStoreColumn<K, V> column, byte[] keyPrefix) {
    requireColumn(column);
    byte[] prefix = keyPrefix.clone();
    return typed(column, streamRaw(column.id(), prefix, ByteKeys.prefixEnd(prefix)));
  }

  @Override
  public KvStoreTransaction startTransaction() {
    return new PendingTransaction(this);
  }

  private <K, V> Stream<ColumnEntry<K, V>> typed(KvStoreColumn<K, V> column, Stream<RawEntry> raw) {
    return raw.map(e -> new ColumnEntry<>(decode(column.keySerializer(), e.key(), column, e.key()),
        decode(column.valueSerializer(), e.value(), column, e.key())));
  }

  void requireColumn(KvStoreColumn<?, ?> column) {
    Objects.requireNonNull(column, "column");
    if (!schema.contains(column)) {
      throw new IllegalArgumentException(column + " is not a column of schema version " + schema.version()
          + " (or is declared with other serializers than the schema's)");
    }
  }

  void requireVariable(KvStoreVariable<?> variable) {
    Objects.requireNonNull(variable, "variable");
    if (!schema.contains(variable)) {
      throw new IllegalArgumentException(variable + " is not a variable of schema version " + schema.version());
    }
  }

  <K> byte[] keyBytes(KvStoreColumn<K, ?> column, K key) {
    Objects.requireNonNull(key, () -> "null key for " + column);
    return column.keySerializer().toBytes(key);
  }

  private <T> T decode(Serializer<T> serializer, byte[] bytes, Object where, byte[] key) {
    try {
      return serializer.fromBytes(bytes);
    } catch (SerializationException e) {
      throw new StorageException(describe() + ": " + where + ", key " + ByteKeys.print(key)
          + ", holds bytes that do not decode (" + e.getMessage() + "). The database is damaged or was written by "
          + "other software: restore it from a backup, or move it away and resync.", e);
    }
  }
}
