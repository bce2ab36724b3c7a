package io.fedchain.storage;

import static io.fedchain.storage.TestSchema.BY_NAME;
import static io.fedchain.storage.TestSchema.COUNTER;
import static io.fedchain.storage.TestSchema.NAMES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RocksDbKvStoreTest extends KvStoreContractTest {
  @TempDir
  Path dir;

  @Override
  protected KvStore newStore() {
    return RocksDbKvStore.open(dir.resolve("db"), TestSchema.V1);
  }

  @Override
  protected KvStore reopenAs(SchemaDefinition schema) {
    store.close();
    return RocksDbKvStore.open(dir.resolve("db"), schema);
  }

  private RocksDbKvStore rocks() {
    return (RocksDbKvStore) store;
  }

  @Test
  void shouldKeepCommittedWritesAcrossReopen() {
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 1L, "synced");
      tx.commit(Durability.SYNC);
    }
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 2L, "unsynced");
      tx.put(COUNTER, 9L);
      tx.commit(Durability.NO_SYNC);
    }
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 3L, "never committed");
    }
    store.close();
    store = newStore();
    assertEquals(Optional.of("synced"), store.get(NAMES, 1L));
    assertEquals(Optional.of("unsynced"), store.get(NAMES, 2L));
    assertEquals(Optional.of(9L), store.get(COUNTER));
    assertEquals(Optional.empty(), store.get(NAMES, 3L));
  }

  @Test
  void shouldReleaseAnIteratorWhenItsStreamEndsOrCloses() {
    try (KvStoreTransaction tx = store.startTransaction()) {
      for (long i = 0; i < 10; i++) {
        tx.put(NAMES, i, "v" + i);
      }
      tx.commit();
    }
    assertEquals(0, rocks().openCursorCount());
    assertEquals(10, store.stream(NAMES).count());
    assertEquals(0, rocks().openCursorCount(), "an exhausted stream keeps its iterator");
    try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES)) {
      assertEquals(3, s.limit(3).count());
      assertEquals(1, rocks().openCursorCount());
    }
    assertEquals(0, rocks().openCursorCount(), "a closed stream keeps its iterator");
  }

  @Test
  void shouldReleaseIteratorsOfStreamsLeftOpenWhenTheStoreCloses() {
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 1L, "a");
      tx.put(NAMES, 2L, "b");
      tx.commit();
    }
    Stream<ColumnEntry<Long, String>> a = store.stream(NAMES);
    a.iterator().next();
    store.streamPrefix(NAMES, new byte[0]).iterator().hasNext();
    assertEquals(2, rocks().openCursorCount());
    store.close();
    assertEquals(0, rocks().openCursorCount());
    a.close();
  }

  @ParameterizedTest(name = "blob files {0}, blob compression {1}")
  @CsvSource({"true,NONE", "true,LZ4", "false,NONE", "true,ZSTD"})
  void shouldKeepLargeValuesThroughFlushCompactionAndReopen(boolean blobFiles, RocksDbConfig.Compression compression) {
    store.close();
    RocksDbConfig config = RocksDbConfig.defaults().withBlobFiles(blobFiles).withBlobCompression(compression);
    Path db = dir.resolve("large-" + blobFiles + "-" + compression);
    Random random = new Random(11);
    byte[][] values = new byte[12][];
    try (RocksDbKvStore s = RocksDbKvStore.open(db, TestSchema.V1, config)) {
      for (int i = 0; i < values.length; i++) {
        values[i] = new byte[100_000 + random.nextInt(300_000)];
        random.nextBytes(values[i]);
        try (KvStoreTransaction tx = s.startTransaction()) {
          tx.put(BY_NAME, "delta-" + i, values[i]);
          tx.commit(Durability.NO_SYNC);
        }
      }
      s.compact();
      for (int i = 0; i < values.length; i++) {
        assertArrayEquals(values[i], s.get(BY_NAME, "delta-" + i).orElseThrow());
      }
    }
    try (RocksDbKvStore s = RocksDbKvStore.open(db, TestSchema.V1, config)) {
      for (int i = 0; i < values.length; i++) {
        assertArrayEquals(values[i], s.get(BY_NAME, "delta-" + i).orElseThrow());
      }
    }
    store = newStore();
  }
}
