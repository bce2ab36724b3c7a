package io.fedchain.storage;

import java.util.Objects;

/**
 * The RocksDB choices an operator or a benchmark may change. Everything else is fixed in
 * {@link RocksDbOptions} with the reason beside it.
 *
 * @param blobFiles values of {@link RocksDbOptions#MIN_BLOB_BYTES} or more (deltas, models, large
 *     blocks) go to blob files and compaction moves only their 16-byte references
 * @param blobCompression compression of blob files
 * @param tableCompression compression of the SST files: keys, indexes, small values
 */
public record RocksDbConfig(boolean blobFiles, Compression blobCompression, Compression tableCompression) {
  public enum Compression { NONE, LZ4, ZSTD }

  public RocksDbConfig {
    Objects.requireNonNull(blobCompression, "blobCompression");
    Objects.requireNonNull(tableCompression, "tableCompression");
  }

  /**
   * Blob files on, blobs uncompressed, tables LZ4. Measured (storage README): blob files keep write
   * amplification near 2 (WAL + blob file) where SSTs add compaction rewrites; ZSTD takes 7% off
   * float32 deltas (18% off top-k ones) but cost 5-15 ms more CPU per block of 8 x 400 KB,
   * LZ4 saves nothing. With pruning bounding the disk, CPU on a 2-core validator is the scarcer
   * resource; an archive node keeping every delta may choose ZSTD. Tables hold keys and small
   * values, where LZ4 is almost free.
   */
  public static RocksDbConfig defaults() {
    return new RocksDbConfig(true, Compression.NONE, Compression.LZ4);
  }

  public RocksDbConfig withBlobFiles(boolean on) {
    return new RocksDbConfig(on, blobCompression, tableCompression);
  }

  public RocksDbConfig withBlobCompression(Compression compression) {
    return new RocksDbConfig(blobFiles, compression, tableCompression);
  }

  public RocksDbConfig withTableCompression(Compression compression) {
    return new RocksDbConfig(blobFiles, blobCompression, compression);
  }
}
