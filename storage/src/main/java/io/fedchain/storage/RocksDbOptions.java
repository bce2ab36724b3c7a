package io.fedchain.storage;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;

/**
 * The native option objects of one open database, tuned for what fedchain writes: a few MB per
 * block, most of it in values of 100-400 KB (deltas, models), a handful of small index entries,
 * one writer, reads mostly of recent blocks. Closed with the store.
 */
final class RocksDbOptions implements AutoCloseable {
  /** Values at least this long go to blob files when they are on: deltas, models, blocks with many txs. */
  static final long MIN_BLOB_BYTES = 4 * 1024;
  /**
   * RocksDB's default (4 x every column's write buffers, over 5 GB with 11 columns) would let the
   * WAL grow until rarely written columns flush, and a restart would replay all of it.
   */
  static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
  /**
   * One cap for every column's memtables, so the node's memory does not grow with the column
   * count; a node also trains models in the same JVM. About 40 blocks of 8 x 400 KB deltas.
   */
  static final long DB_WRITE_BUFFER_BYTES = 128L << 20;
  /** Index, filter and data blocks of the SST files; values in blob files are read past it. */
  static final long BLOCK_CACHE_BYTES = 32L << 20;
  /** Write back SST and blob files in 1 MB steps instead of in one burst at the end of a flush. */
  static final long BYTES_PER_SYNC = 1L << 20;
  /** RocksDB's info logs (LOG, LOG.old.*) otherwise pile up to 1000 files. */
  static final long KEEP_INFO_LOG_FILES = 5;
  /** Lookups by hash (blocks, deltas) hit one SST in most cases with 10 bits per key. */
  static final double BLOOM_BITS_PER_KEY = 10;

  final DBOptions db;
  final ColumnFamilyOptions columns;
  private final LRUCache cache;
  private final BloomFilter bloom;

  private RocksDbOptions(DBOptions db, ColumnFamilyOptions columns, LRUCache cache, BloomFilter bloom) {
    this.db = db;
    this.columns = columns;
    this.cache = cache;
    this.bloom = bloom;
  }

  static RocksDbOptions create(RocksDbConfig config, boolean createMissing) {
    LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter bloom = new BloomFilter(BLOOM_BITS_PER_KEY);
    DBOptions db = new DBOptions()
        .setCreateIfMissing(createMissing)
        .setCreateMissingColumnFamilies(createMissing)
        .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
        .setDbWriteBufferSize(DB_WRITE_BUFFER_BYTES)
        .setBytesPerSync(BYTES_PER_SYNC)
        .setKeepLogFileNum(KEEP_INFO_LOG_FILES);
    ColumnFamilyOptions columns = new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom))
        .setCompressionType(type(config.tableCompression()))
        .setEnableBlobFiles(config.blobFiles())
        .setMinBlobSize(MIN_BLOB_BYTES)
        .setBlobCompressionType(type(config.blobCompression()))
        // Deleted (pruned) deltas leave garbage in blob files; compaction rewrites the oldest
        // quarter of the blob files and drops it.
        .setEnableBlobGarbageCollection(true);
    return new RocksDbOptions(db, columns, cache, bloom);
  }

  private static CompressionType type(RocksDbConfig.Compression c) {
    return switch (c) {
      case NONE -> CompressionType.NO_COMPRESSION;
      case LZ4 -> CompressionType.LZ4_COMPRESSION;
      case ZSTD -> CompressionType.ZSTD_COMPRESSION;
    };
  }

  @Override
  public void close() {
    columns.close();
    db.close();
    bloom.close();
    cache.close();
  }
}
