package io.fedchain.storage;

import java.util.Objects;

/**
 * The RocksDB choices an operator or a benchmark may change. Everything else is fixed in
 * {@link RocksDbOptions} with the reason beside it.
 *
 * @param blobFiles values of {@link RocksDbOptions#MIN_BLOB_BYTES} or more (deltas, models, large
 *     blocks) go to blob files and compaction moves only their 16-byte references
 * @param blobCompression compression of blob files; deltas are float noise or already quantized
 * @param tableCompression compression of the SST files: keys, indexes, small values
 */
public record RocksDbConfig(boolean blobFiles, Compression blobCompression, Compression tableCompression) {
  public enum Compression { NONE, LZ4, ZSTD }

  public RocksDbConfig {
    Objects.requireNonNull(blobCompression, "blobCompression");
    Objects.requireNonNull(tableCompression, "tableCompression");
  }

  /** Blob files on, blobs uncompressed, tables LZ4: see the storage README for the measurements. */
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
