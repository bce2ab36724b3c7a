package io.fedchain.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transaction as a list of serialized writes held on the Java heap until commit. Holding no
 * native handle until then means an abandoned transaction cannot leak one; the RocksDB store turns
 * the list into a WriteBatch inside commit.
 */
final class PendingTransaction implements KvStoreTransaction {
  private final AbstractKvStore store;
  private final List<Write> writes = new ArrayList<>();
  private boolean finished;

  PendingTransaction(AbstractKvStore store) {
    this.store = store;
  }

  @Override
  public <K, V> void put(KvStoreColumn<K, V> column, K key, V value) {
    requireOpen();
    store.requireColumn(column);
    Objects.requireNonNull(value, () -> "null value for " + column + "; delete the key instead");
    writes.add(new Write(column.id(), store.keyBytes(column, key), column.valueSerializer().toBytes(value)));
  }

  @Override
  public <K, V> void delete(KvStoreColumn<K, V> column, K key) {
    requireOpen();
    store.requireColumn(column);
    writes.add(new Write(column.id(), store.keyBytes(column, key), null));
  }

  @Override
  public <V> void put(KvStoreVariable<V> variable, V value) {
    requireOpen();
    store.requireVariable(variable);
    Objects.requireNonNull(value, () -> "null value for " + variable + "; delete it instead");
    writes.add(new Write(SchemaDefinition.METADATA.id(), variable.key(), variable.serializer().toBytes(value)));
  }

  @Override
  public <V> void delete(KvStoreVariable<V> variable) {
    requireOpen();
    store.requireVariable(variable);
    writes.add(new Write(SchemaDefinition.METADATA.id(), variable.key(), null));
  }

  @Override
  public void commit(Durability durability) {
    Objects.requireNonNull(durability, "durability");
    requireOpen();
    // Finished even if the write fails: a retry builds a new transaction from fresh state.
    finished = true;
    if (!writes.isEmpty()) {
      store.write(List.copyOf(writes), durability);
    }
    writes.clear();
  }

  @Override
  public void close() {
    finished = true;
    writes.clear();
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("this transaction was committed or closed; start a new one");
    }
  }
}
