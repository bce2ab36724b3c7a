package io.fedchain.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a directory holds before anything is written to it, then opens it.
 *
 * <ul>
 *   <li>missing or empty: a new database, {@code db.version} written with a synced write;
 *   <li>a RocksDB database: opened read-only first to read {@code db.version}, so that a database
 *       of another version, or not fedchain's, is left exactly as it was found;
 *   <li>anything else: refused.
 * </ul>
 *
 * <p>A first start killed while RocksDB creates its files (before CURRENT exists), or between
 * RocksDB creating the column families and the version write (fedchain's columns, all empty, no
 * version), is finished, not refused, so the node does not need a human after such a crash.
 */
final class RocksDbOpener {
  static final String DAMAGED_ADVICE = "The database is damaged: restore it from a backup, or move the directory "
      + "away and resync the chain from peers.";

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbOpener.class);
  private static final String DEFAULT_COLUMN_FAMILY = new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

  private RocksDbOpener() {}

  static RocksDbKvStore open(Path directory, SchemaDefinition schema, RocksDbConfig config) {
    Path dir = directory.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StorageException(dir + " is a file, not a directory: give the path of a fedchain database "
          + "directory, or of a new or empty one to create a database in.");
    }
    if (isMissingOrEmpty(dir)) {
      createDirectories(dir);
      return openReadWrite(dir, schema, config, List.of(), true);
    }
    if (!Files.exists(dir.resolve("CURRENT"))) {
      if (onlyCreationLeftovers(dir)) {
        // RocksDB writes CURRENT last when it creates a database, and creates afresh when it is missing.
        LOG.info("{}: creating the database again, a first start was interrupted before RocksDB finished", dir);
        return openReadWrite(dir, schema, config, List.of(), true);
      }
      throw notFedchain(dir, "it holds files but no RocksDB CURRENT file");
    }
    List<Integer> onDisk = columnIdsOnDisk(dir);
    if (!onDisk.contains(SchemaDefinition.METADATA.id())) {
      throw notFedchain(dir, "it is a RocksDB database without fedchain's metadata column");
    }
    Contents contents = readContents(dir, onDisk);
    if (contents.version().isEmpty()) {
      boolean onlyOurColumns = onDisk.stream().allMatch(id -> schema.column(id).isPresent());
      if (contents.empty() && onlyOurColumns) {
        LOG.info("{}: finishing a database whose creation was interrupted before db.version was written", dir);
        return openReadWrite(dir, schema, config, onDisk, true);
      }
      throw notFedchain(dir, "its metadata column has no " + SchemaDefinition.DB_VERSION.name());
    }
    long version = contents.version().get();
    if (version > schema.version()) {
      throw new StorageException(dir + " was created by schema version " + version + ", this node reads version "
          + schema.version() + ": upgrade fedchain, or move the directory away to start a new database.");
    }
    if (version < schema.version()) {
      throw new StorageException(dir + " was created by schema version " + version + ", this node reads version "
          + schema.version() + " and cannot migrate it: run the fedchain release that wrote it, or move the "
          + "directory away and resync into a new one.");
    }
    List<Integer> extra = new ArrayList<>();
    for (int id : onDisk) {
      if (schema.column(id).isPresent()) {
        continue;
      }
      String retired = schema.retiredColumnIds().get(id);
      if (retired == null) {
        throw new StorageException(dir + " holds column id " + id + ", which schema version " + version
            + " does not define: it was written by other software or a development build. Move it away and "
            + "resync.");
      }
      LOG.warn("{}: column id {} is retired ({}) but still on disk; it is opened and ignored", dir, id, retired);
      extra.add(id);
    }
    for (KvStoreColumn<?, ?> column : schema.columns()) {
      if (!onDisk.contains(column.id())) {
        throw new StorageException(dir + " lacks " + column + ", which every database of schema version " + version
            + " has. " + DAMAGED_ADVICE);
      }
    }
    return openReadWrite(dir, schema, config, extra, false);
  }

  private record Contents(Optional<Long> version, boolean empty) {}

  /** Reads db.version and whether every column is empty, with the database open read-only. */
  private static Contents readContents(Path dir, List<Integer> onDisk) {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions dbOptions = new DBOptions(); ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()) {
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
      for (int id : onDisk) {
        descriptors.add(new ColumnFamilyDescriptor(familyName(id), cfOptions));
      }
      try (RocksDB db = RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)) {
        try {
          byte[] raw = db.get(handles.get(1 + onDisk.indexOf(SchemaDefinition.METADATA.id())),
              SchemaDefinition.DB_VERSION.key());
          Optional<Long> version = Optional.empty();
          if (raw != null) {
            try {
              version = Optional.of(SchemaDefinition.DB_VERSION.serializer().fromBytes(raw));
            } catch (SerializationException e) {
              throw new StorageException(dir + ": " + SchemaDefinition.DB_VERSION + " does not decode ("
                  + e.getMessage() + "). " + DAMAGED_ADVICE, e);
            }
          }
          boolean empty = true;
          for (ColumnFamilyHandle handle : handles) {
            try (RocksIterator it = db.newIterator(handle)) {
              it.seekToFirst();
              empty &= !it.isValid();
            }
          }
          return new Contents(version, empty);
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    } catch (RocksDBException e) {
      throw failure(dir, "reading", e);
    }
  }

  private static RocksDbKvStore openReadWrite(Path dir, SchemaDefinition schema, RocksDbConfig config,
      List<Integer> extraIds, boolean writeVersion) {
    RocksDbOptions options = RocksDbOptions.create(config, writeVersion);
    List<Integer> ids = new ArrayList<>(new TreeSet<>(schema.columns().stream().map(KvStoreColumn::id).toList()));
    extraIds.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options.columns));
    for (int id : ids) {
      descriptors.add(new ColumnFamilyDescriptor(familyName(id), options.columns));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;
    try {
      db = RocksDB.open(options.db, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      options.close();
      throw failure(dir, "opening", e);
    }
    Map<Integer, ColumnFamilyHandle> byId = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      byId.put(ids.get(i), handles.get(i + 1));
    }
    RocksDbKvStore store = new RocksDbKvStore(dir, schema, options, db, byId, handles);
    if (writeVersion) {
      try (WriteOptions sync = new WriteOptions().setSync(true)) {
        db.put(byId.get(SchemaDefinition.METADATA.id()), sync, SchemaDefinition.DB_VERSION.key(),
            SchemaDefinition.DB_VERSION.serializer().toBytes((long) schema.version()));
      } catch (RocksDBException e) {
        store.close();
        throw failure(dir, "creating", e);
      }
    }
    return store;
  }

  private static List<Integer> columnIdsOnDisk(Path dir) {
    List<byte[]> names;
    try (Options options = new Options()) {
      names = RocksDB.listColumnFamilies(options, dir.toString());
    } catch (RocksDBException e) {
      throw failure(dir, "reading", e);
    }
    if (names.stream().noneMatch(n -> Arrays.equals(n, RocksDB.DEFAULT_COLUMN_FAMILY))) {
      // rocksdbjni answers an unreadable MANIFEST with an empty list instead of an error: open the
      // database to get RocksDB's own account of what is wrong.
      try (Options options = new Options()) {
        RocksDB.openReadOnly(options, dir.toString()).close();
      } catch (RocksDBException e) {
        throw failure(dir, "reading", e);
      }
      throw new StorageException("RocksDB could not list the column families of " + dir + ". " + DAMAGED_ADVICE);
    }
    List<Integer> ids = new ArrayList<>();
    for (byte[] raw : names) {
      String name = new String(raw, StandardCharsets.UTF_8);
      if (name.equals(DEFAULT_COLUMN_FAMILY)) {
        continue;
      }
      try {
        ids.add(Integer.parseInt(name));
      } catch (NumberFormatException e) {
        throw notFedchain(dir, "it holds a column family named '" + name + "'; fedchain names them by number");
      }
    }
    return ids;
  }

  static byte[] familyName(int columnId) {
    return Integer.toString(columnId).getBytes(StandardCharsets.UTF_8);
  }

  /** The files RocksDB writes while creating a database, before CURRENT: no data can be among them. */
  private static final Pattern CREATION_FILE = Pattern.compile(
      "LOCK|LOG|LOG\\.old\\.\\d+|IDENTITY|MANIFEST-\\d+|OPTIONS-\\d+|\\d+\\.dbtmp|OPTIONS-\\d+\\.dbtmp");

  private static boolean onlyCreationLeftovers(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(p -> Files.isRegularFile(p)
          && CREATION_FILE.matcher(p.getFileName().toString()).matches());
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir + ": " + e.getMessage() + ". Check its permissions.", e);
    }
  }

  private static boolean isMissingOrEmpty(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new StorageException("cannot list " + dir + ": " + e.getMessage() + ". Check its permissions.", e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create the database directory " + dir + ": " + e
          + ". Check the path and the permissions of its parent.", e);
    }
  }

  private static StorageException notFedchain(Path dir, String why) {
    return new StorageException(dir + " is not a fedchain database (" + why + "). Give the path of a fedchain "
        + "database or of a new or empty directory, or move this one away.");
  }

  /** Maps a RocksDB failure at open to what the operator should do about it. */
  static StorageException failure(Path dir, String doing, RocksDBException e) {
    Status status = e.getStatus();
    Status.Code code = status == null ? null : status.getCode();
    String message = e.getMessage();
    if (code == Status.Code.IOError && message != null && message.contains("lock")) {
      return new StorageException(dir + " is in use: another fedchain node, or this one, has it open (RocksDB: "
          + describe(e) + "). Stop that node or use another directory.", e);
    }
    return new StorageException("RocksDB failed " + doing + " " + dir + ": " + describe(e) + ". " + DAMAGED_ADVICE, e);
  }

  /** RocksDB's status code and message, e.g. "Corruption: checksum mismatch", without a final period. */
  static String describe(RocksDBException e) {
    Status status = e.getStatus();
    String message = String.valueOf(e.getMessage()).strip();
    while (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    return status == null || message.startsWith(status.getCodeString()) ? message
        : status.getCodeString() + ": " + message;
  }
}
