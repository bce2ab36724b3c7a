package io.fedchain.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on RocksDB: one column family per schema column, named by the column's id (names can
 * change, ids cannot), and each transaction one WriteBatch. {@link #open} checks that the
 * directory holds a fedchain database of this schema version before anything is written to it.
 *
 * <p>Every native object (options, cache, column handles, iterators) is released by
 * {@link #close}; a lock keeps reads and writes from running into a close on another thread.
 */
public final class RocksDbKvStore extends AbstractKvStore {
  static {
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbKvStore.class);

  private final Path directory;
  private final RocksDbOptions options;
  private final RocksDB db;
  private final Map<Integer, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> allHandles;
  private final Set<Cursor> openCursors = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
  private boolean closed;

  RocksDbKvStore(Path directory, SchemaDefinition schema, RocksDbOptions options, RocksDB db,
      Map<Integer, ColumnFamilyHandle> handles, List<ColumnFamilyHandle> allHandles) {
    super(schema);
    this.directory = directory;
    this.options = options;
    this.db = db;
    this.handles = Map.copyOf(handles);
    this.allHandles = List.copyOf(allHandles);
  }

  /** Opens {@code directory} with the default configuration, creating the database if the directory is new or empty. */
  public static RocksDbKvStore open(Path directory, SchemaDefinition schema) {
    return open(directory, schema, RocksDbConfig.defaults());
  }

  /**
   * Opens or creates the database in {@code directory}.
   *
   * @throws StorageException when the directory holds another schema version, something that is
   *     not a fedchain database, a damaged database, or one another process has open
   */
  public static RocksDbKvStore open(Path directory, SchemaDefinition schema, RocksDbConfig config) {
    return RocksDbOpener.open(directory, schema, config);
  }

  public Path directory() {
    return directory;
  }

  @Override
  byte[] getRaw(int columnId, byte[] key) {
    closeLock.readLock().lock();
    try {
      requireOpen();
      return db.get(handles.get(columnId), key);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB could not read " + ByteKeys.print(key) + " from column id " + columnId
          + " in " + directory + ": " + RocksDbOpener.describe(e) + ". " + RocksDbOpener.DAMAGED_ADVICE, e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  Stream<RawEntry> streamRaw(int columnId, byte[] from, byte[] to) {
    closeLock.readLock().lock();
    try {
      requireOpen();
      Cursor cursor = new Cursor(handles.get(columnId), from, to);
      openCursors.add(cursor);
      return StreamSupport.stream(cursor, false).onClose(cursor::close);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  void write(List<Write> writes, Durability durability) {
    closeLock.readLock().lock();
    try (WriteBatch batch = new WriteBatch(); WriteOptions writeOptions = new WriteOptions()) {
      requireOpen();
      writeOptions.setSync(durability == Durability.SYNC);
      for (Write w : writes) {
        ColumnFamilyHandle handle = handles.get(w.columnId());
        if (w.isDelete()) {
          batch.delete(handle, w.key());
        } else {
          batch.put(handle, w.key(), w.value());
        }
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB could not write " + writes.size() + " keys to " + directory + ": "
          + RocksDbOpener.describe(e) + ". Nothing of this write was applied. Check free disk space and the disk's health, "
          + "then restart the node.", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /**
   * Flushes every memtable and compacts every column: what the on-disk size of a quiet database
   * converges to. For benchmarks and maintenance; a running node leaves compaction to RocksDB.
   */
  public void compact() {
    closeLock.readLock().lock();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      requireOpen();
      db.flush(flush, allHandles);
      for (ColumnFamilyHandle handle : allHandles) {
        db.compactRange(handle);
      }
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB could not compact " + directory + ": " + RocksDbOpener.describe(e), e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  String describe() {
    return "database " + directory;
  }

  @Override
  public void close() {
    closeLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Cursor cursor : List.copyOf(openCursors)) {
        cursor.release();
      }
      try {
        // Unsynced commits are in the OS page cache already; this makes a clean stop durable too.
        db.flushWal(true);
      } catch (RocksDBException e) {
        LOG.warn("could not sync the write-ahead log of {} at close: {}", directory, e.getMessage());
      }
      allHandles.forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        LOG.warn("RocksDB reported an error closing {}: {}", directory, e.getMessage());
      }
      options.close();
    } finally {
      closeLock.writeLock().unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the database " + directory + " is closed");
    }
  }

  /**
   * A RocksDB iterator as a spliterator. It releases its native objects when it runs off the end
   * of its range, when its stream is closed, or when the store closes, whichever comes first.
   */
  private final class Cursor extends Spliterators.AbstractSpliterator<RawEntry> {
    private final ReadOptions readOptions;
    private final Slice upperBound;
    private final RocksIterator iterator;
    private boolean released;

    Cursor(ColumnFamilyHandle handle, byte[] from, byte[] to) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      ReadOptions ro = new ReadOptions();
      Slice bound = null;
      try {
        if (to != null) {
          bound = new Slice(to);
          ro.setIterateUpperBound(bound);
        }
        RocksIterator it = db.newIterator(handle, ro);
        if (from == null) {
          it.seekToFirst();
        } else {
          it.seek(from);
        }
        this.iterator = it;
      } catch (RuntimeException e) {
        if (bound != null) {
          bound.close();
        }
        ro.close();
        throw e;
      }
      this.readOptions = ro;
      this.upperBound = bound;
    }

    @Override
    public boolean tryAdvance(Consumer<? super RawEntry> action) {
      RawEntry entry;
      closeLock.readLock().lock();
      try {
        requireOpen();
        if (released) {
          return false;
        }
        if (!iterator.isValid()) {
          try {
            iterator.status();
          } catch (RocksDBException e) {
            throw new StorageException("RocksDB failed iterating " + directory + ": " + RocksDbOpener.describe(e) + ". "
                + RocksDbOpener.DAMAGED_ADVICE, e);
          } finally {
            release();
          }
          return false;
        }
        entry = new RawEntry(iterator.key(), iterator.value());
        iterator.next();
      } finally {
        closeLock.readLock().unlock();
      }
      action.accept(entry);
      return true;
    }

    void close() {
      closeLock.readLock().lock();
      try {
        release();
      } finally {
        closeLock.readLock().unlock();
      }
    }

    /** Caller holds the close lock (either side). */
    synchronized void release() {
      if (released) {
        return;
      }
      released = true;
      openCursors.remove(this);
      iterator.close();
      if (upperBound != null) {
        upperBound.close();
      }
      readOptions.close();
    }
  }

  /** For tests: how many iterators are holding native memory. */
  int openCursorCount() {
    return openCursors.size();
  }
}
