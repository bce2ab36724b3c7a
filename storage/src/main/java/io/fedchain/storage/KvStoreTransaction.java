package io.fedchain.storage;

/**
 * Writes collected in memory and applied all together by {@link #commit}: after a crash either all
 * of them are visible or none. Later writes to the same key win. Closing without committing
 * discards them. Not for use from several threads; reads do not see uncommitted writes.
 */
public interface KvStoreTransaction extends AutoCloseable {
  <K, V> void put(KvStoreColumn<K, V> column, K key, V value);

  <K, V> void delete(KvStoreColumn<K, V> column, K key);

  <V> void put(KvStoreVariable<V> variable, V value);

  <V> void delete(KvStoreVariable<V> variable);

  /** Applies every write atomically; afterwards the transaction accepts nothing more. */
  void commit(Durability durability);

  /** {@link #commit(Durability)} with {@link Durability#SYNC}: durable unless asked otherwise. */
  default void commit() {
    commit(Durability.SYNC);
  }

  /** Discards the writes unless {@link #commit} ran. */
  @Override
  void close();
}
