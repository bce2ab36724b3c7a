package io.fedchain.storage;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * Typed key-value storage: columns and variables from one {@link SchemaDefinition}, atomic
 * transactions, and iteration in key order (keys compared as unsigned bytes).
 *
 * <p>A stream holds a native iterator in the RocksDB store until it is exhausted or closed: use it
 * in try-with-resources unless you read it to the end. It sees the store as it was when the
 * stream was opened.
 *
 * <p>Reads and commits may come from any thread. Closing the store closes its open streams.
 */
public interface KvStore extends AutoCloseable {
  <K, V> Optional<V> get(KvStoreColumn<K, V> column, K key);

  <V> Optional<V> get(KvStoreVariable<V> variable);

  /** Every entry of the column in key order. */
  <K, V> Stream<ColumnEntry<K, V>> stream(KvStoreColumn<K, V> column);

  /** Entries with {@code fromInclusive <= key < toExclusive} in key order. */
  <K, V> Stream<ColumnEntry<K, V>> stream(KvStoreColumn<K, V> column, K fromInclusive, K toExclusive);

  /** Entries whose serialized key starts with {@code keyPrefix}, in key order. */
  <K, V> Stream<ColumnEntry<K, V>> streamPrefix(KvStoreColumn<K, V> column, byte[] keyPrefix);

  KvStoreTransaction startTransaction();

  SchemaDefinition schema();

  @Override
  void close();
}
