package io.fedchain.storage;

/**
 * The store cannot do what was asked: the directory is not a usable fedchain database (another
 * schema version, not a database, damaged, in use), or RocksDB failed a read or a write. The
 * message names the directory and says what to do.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
