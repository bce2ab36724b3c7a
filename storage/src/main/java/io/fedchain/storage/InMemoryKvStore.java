package io.fedchain.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A store in memory with the RocksDB store's semantics, for unit tests: unsigned byte key order,
 * transactions applied all-or-nothing under one lock, streams that see a snapshot taken when they
 * open, values copied in and out so a caller's array cannot change what is stored. Durability is
 * accepted and ignored.
 */
public final class InMemoryKvStore extends AbstractKvStore {
  private final Map<Integer, NavigableMap<byte[], byte[]>> columns = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  public InMemoryKvStore(SchemaDefinition schema) {
    super(schema);
    for (KvStoreColumn<?, ?> column : schema.columns()) {
      columns.put(column.id(), new TreeMap<>(ByteKeys.ORDER));
    }
  }

  @Override
  byte[] getRaw(int columnId, byte[] key) {
    lock.readLock().lock();
    try {
      requireOpen();
      byte[] value = columns.get(columnId).get(key);
      return value == null ? null : value.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  Stream<RawEntry> streamRaw(int columnId, byte[] from, byte[] to) {
    lock.readLock().lock();
    try {
      requireOpen();
      NavigableMap<byte[], byte[]> column = columns.get(columnId);
      NavigableMap<byte[], byte[]> range;
      if (from == null) {
        range = to == null ? column : column.headMap(to, false);
      } else {
        range = to == null ? column.tailMap(from, true) : column.subMap(from, true, to, false);
      }
      List<RawEntry> snapshot = new ArrayList<>(range.size());
      range.forEach((k, v) -> snapshot.add(new RawEntry(k.clone(), v.clone())));
      // Like a RocksDB iterator, a stream stops working when the store closes.
      return snapshot.stream().peek(e -> requireOpen());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  void write(List<Write> writes, Durability durability) {
    Objects.requireNonNull(durability, "durability");
    lock.writeLock().lock();
    try {
      requireOpen();
      for (Write w : writes) {
        NavigableMap<byte[], byte[]> column = columns.get(w.columnId());
        if (w.isDelete()) {
          column.remove(w.key());
        } else {
          column.put(w.key().clone(), w.value().clone());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  String describe() {
    return "in-memory store";
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      columns.values().forEach(Map::clear);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory store is closed");
    }
  }
}
