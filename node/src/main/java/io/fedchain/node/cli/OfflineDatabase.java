package io.fedchain.node.cli;

import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.store.ChainDatabase;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.StorageException;
import io.fedchain.storage.chain.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The chain database of a node's home directory ({@code HOME/db}), opened by a command while the
 * node is stopped. Unlike {@link ChainDatabase#open}, it never creates a database: a wrong
 * {@code --home} is an error, not a new empty chain.
 */
final class OfflineDatabase implements AutoCloseable {
  private final Path dir;
  private final KvStore kv;
  private final ChainDatabase db;
  private final Genesis genesis;

  private OfflineDatabase(Path dir, KvStore kv) {
    this.dir = dir;
    this.kv = kv;
    this.db = ChainDatabase.over(kv);
    this.genesis = db.genesis().orElseThrow(() -> new IllegalArgumentException("the database at " + dir
        + " holds no chain yet (no genesis block): start the node once with its genesis file"));
  }

  /** Opens {@code home/db}; every error names the directory and what to do. */
  static OfflineDatabase open(Path home) {
    if (!Files.isDirectory(home)) {
      throw new IllegalArgumentException("--home " + home + (Files.exists(home) ? " is not a directory"
          : " does not exist") + ": give a node's home directory (the one that holds db/)");
    }
    Path dir = home.resolve("db");
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new IllegalArgumentException("--home " + home + " holds no chain database (" + dir
          + (Files.isDirectory(dir) ? " has no RocksDB CURRENT file" : " does not exist")
          + "): give the home directory of a node that has run");
    }
    KvStore kv;
    try {
      kv = RocksDbKvStore.open(dir, Schema.DEFINITION);
    } catch (StorageException e) {
      if (isLocked(e)) {
        throw new StorageException("the database at " + dir + " is in use (is a node running on it? stop it or "
            + "use its HTTP API)", e);
      }
      throw e;
    }
    try {
      return new OfflineDatabase(dir, kv);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  /**
   * Whether opening failed on RocksDB's directory lock. Storage says so only in its message text, so
   * this looks at RocksDB's own status, as storage does when it words that message.
   */
  private static boolean isLocked(StorageException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RocksDBException r && r.getStatus() != null && r.getStatus().getCode() == Status.Code.IOError
          && String.valueOf(r.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("lock")) {
        return true;
      }
    }
    return false;
  }

  Path dir() {
    return dir;
  }

  ChainDatabase db() {
    return db;
  }

  /** The raw store, for what {@link io.fedchain.storage.chain.ChainStore} has no reader for (counting entries). */
  KvStore kv() {
    return kv;
  }

  Genesis genesis() {
    return genesis;
  }

  /** Sum of the sizes of the files under the database directory (RocksDB's WAL, SST and blob files). */
  long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        try {
          total += Files.size(p);
        } catch (NoSuchFileException e) {
          // A file a background compaction deleted while we walked: it no longer takes space.
        }
      }
      return total;
    }
  }

  @Override
  public void close() {
    kv.close();
  }
}
