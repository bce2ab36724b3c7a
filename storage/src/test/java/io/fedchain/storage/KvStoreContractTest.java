package io.fedchain.storage;

import static io.fedchain.storage.TestSchema.BY_NAME;
import static io.fedchain.storage.TestSchema.COUNTER;
import static io.fedchain.storage.TestSchema.HASHES;
import static io.fedchain.storage.TestSchema.LABEL;
import static io.fedchain.storage.TestSchema.NAMES;
import static io.fedchain.storage.TestSchema.RAW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every KvStore does; each implementation's test class runs it against a fresh store. */
abstract class KvStoreContractTest {
  protected KvStore store;

  /** A new, empty store of {@link TestSchema#V1}. */
  protected abstract KvStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static LongStream seeds() {
    return LongStream.range(0, 8);
  }

  private void put(Object... columnKeyValue) {
    try (KvStoreTransaction tx = store.startTransaction()) {
      for (int i = 0; i < columnKeyValue.length; i += 3) {
        @SuppressWarnings("unchecked")
        KvStoreColumn<Object, Object> column = (KvStoreColumn<Object, Object>) columnKeyValue[i];
        tx.put(column, columnKeyValue[i + 1], columnKeyValue[i + 2]);
      }
      tx.commit();
    }
  }

  @Test
  void shouldReturnEmptyForMissingKeysAndVariables() {
    assertEquals(Optional.empty(), store.get(NAMES, 7L));
    assertEquals(Optional.empty(), store.get(COUNTER));
    try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES)) {
      assertEquals(0, s.count());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripTypedColumnsOverSeededRandomValues(long seed) {
    RandomValues r = new RandomValues(seed);
    Map<Long, String> names = new HashMap<>();
    Map<Hash32, Long> hashes = new HashMap<>();
    Map<String, byte[]> byName = new HashMap<>();
    for (int round = 0; round < 5; round++) {
      try (KvStoreTransaction tx = store.startTransaction()) {
        for (int i = 0; i < 40; i++) {
          long k = r.anyLong();
          String v = r.string(30);
          tx.put(NAMES, k, v);
          names.put(k, v);
          Hash32 h = r.hash();
          long n = r.anyLong();
          tx.put(HASHES, h, n);
          hashes.put(h, n);
          String name = r.string(10);
          byte[] b = r.bytes(2000);
          tx.put(BY_NAME, name, b);
          byName.put(name, b);
        }
        tx.commit(r.random().nextBoolean() ? Durability.SYNC : Durability.NO_SYNC);
      }
    }
    names.forEach((k, v) -> assertEquals(Optional.of(v), store.get(NAMES, k)));
    hashes.forEach((k, v) -> assertEquals(Optional.of(v), store.get(HASHES, k)));
    byName.forEach((k, v) -> assertArrayEquals(v, store.get(BY_NAME, k).orElseThrow()));
    try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES)) {
      assertEquals(names, s.collect(Collectors.toMap(ColumnEntry::key, ColumnEntry::value)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripVariables(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 20; i++) {
      long n = r.anyLong();
      String s = r.string(40);
      try (KvStoreTransaction tx = store.startTransaction()) {
        tx.put(COUNTER, n);
        tx.put(LABEL, s);
        tx.commit(Durability.NO_SYNC);
      }
      assertEquals(Optional.of(n), store.get(COUNTER));
      assertEquals(Optional.of(s), store.get(LABEL));
    }
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.delete(COUNTER);
      tx.commit();
    }
    assertEquals(Optional.empty(), store.get(COUNTER));
  }

  @Test
  void shouldLeaveNothingWhenTransactionIsClosedWithoutCommit() {
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 1L, "one");
      tx.put(COUNTER, 5L);
    }
    assertEquals(Optional.empty(), store.get(NAMES, 1L));
    assertEquals(Optional.empty(), store.get(COUNTER));
  }

  @Test
  void shouldShowNothingOfATransactionBeforeItCommits() {
    put(NAMES, 1L, "old");
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 1L, "new");
      tx.put(NAMES, 2L, "two");
      tx.delete(NAMES, 1L);
      tx.put(NAMES, 1L, "newer");
      assertEquals(Optional.of("old"), store.get(NAMES, 1L));
      assertEquals(Optional.empty(), store.get(NAMES, 2L));
      tx.commit();
    }
    assertEquals(Optional.of("newer"), store.get(NAMES, 1L));
    assertEquals(Optional.of("two"), store.get(NAMES, 2L));
  }

  @Test
  void shouldApplyWritesToOneKeyInTheirOrder() {
    put(NAMES, 1L, "a", NAMES, 2L, "b");
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(NAMES, 1L, "x");
      tx.delete(NAMES, 1L);
      tx.delete(NAMES, 2L);
      tx.put(NAMES, 2L, "y");
      tx.commit();
    }
    assertEquals(Optional.empty(), store.get(NAMES, 1L));
    assertEquals(Optional.of("y"), store.get(NAMES, 2L));
  }

  @Test
  void shouldRefuseATransactionAfterCommitOrClose() {
    KvStoreTransaction tx = store.startTransaction();
    tx.put(NAMES, 1L, "a");
    tx.commit();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tx.put(NAMES, 2L, "b"));
    assertTrue(e.getMessage().contains("committed or closed"), e.getMessage());
    assertThrows(IllegalStateException.class, tx::commit);
    KvStoreTransaction closed = store.startTransaction();
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.delete(NAMES, 1L));
    assertEquals(Optional.empty(), store.get(NAMES, 2L));
  }

  @Test
  void shouldCommitAnEmptyTransaction() {
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.commit(Durability.SYNC);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldIterateInUnsignedKeyOrder(long seed) {
    RandomValues r = new RandomValues(seed);
    TreeMap<byte[], byte[]> expected = new TreeMap<>(ByteKeys.ORDER);
    try (KvStoreTransaction tx = store.startTransaction()) {
      for (int i = 0; i < 300; i++) {
        byte[] key = r.bytes(6);
        byte[] value = r.bytes(50);
        tx.put(RAW, key, value);
        expected.put(key, value);
      }
      tx.commit();
    }
    assertEntries(expected, store.stream(RAW));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldIterateAKeyRange(long seed) {
    Random random = new Random(seed);
    TreeMap<Long, String> expected = new TreeMap<>();
    try (KvStoreTransaction tx = store.startTransaction()) {
      for (int i = 0; i < 200; i++) {
        long k = random.nextInt(1000);
        tx.put(NAMES, k, "v" + k);
        expected.put(k, "v" + k);
      }
      tx.commit();
    }
    for (int i = 0; i < 20; i++) {
      long from = random.nextInt(1100);
      long to = from + random.nextInt(300);
      List<Long> keys;
      try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES, from, to)) {
        keys = s.map(ColumnEntry::key).toList();
      }
      assertEquals(new ArrayList<>(expected.subMap(from, true, to, false).keySet()), keys, from + ".." + to);
    }
    try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES, 500L, 100L)) {
      assertEquals(0, s.count());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldIterateAKeyPrefix(long seed) {
    RandomValues r = new RandomValues(seed);
    TreeMap<byte[], byte[]> all = new TreeMap<>(ByteKeys.ORDER);
    byte[][] prefixes = {{}, {0}, {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF}, {0x12}, {(byte) 0x80, 0x01}};
    try (KvStoreTransaction tx = store.startTransaction()) {
      for (int i = 0; i < 300; i++) {
        byte[] prefix = prefixes[r.random().nextInt(prefixes.length)];
        byte[] tail = r.bytes(3);
        byte[] key = new byte[prefix.length + tail.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(tail, 0, key, prefix.length, tail.length);
        tx.put(RAW, key, tail);
        all.put(key, tail);
      }
      tx.commit();
    }
    for (byte[] prefix : prefixes) {
      TreeMap<byte[], byte[]> expected = new TreeMap<>(ByteKeys.ORDER);
      all.forEach((k, v) -> {
        if (k.length >= prefix.length && java.util.Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          expected.put(k, v);
        }
      });
      assertEntries(expected, store.streamPrefix(RAW, prefix));
    }
  }

  private static void assertEntries(TreeMap<byte[], byte[]> expected, Stream<ColumnEntry<byte[], byte[]>> stream) {
    List<ColumnEntry<byte[], byte[]>> actual;
    try (stream) {
      actual = stream.toList();
    }
    assertEquals(expected.size(), actual.size());
    int i = 0;
    for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
      assertArrayEquals(e.getKey(), actual.get(i).key(), "key " + i);
      assertArrayEquals(e.getValue(), actual.get(i).value(), "value " + i);
      i++;
    }
  }

  @Test
  void shouldStreamTheStoreAsItWasWhenTheStreamOpened() {
    put(NAMES, 1L, "a", NAMES, 2L, "b", NAMES, 3L, "c");
    try (Stream<ColumnEntry<Long, String>> s = store.stream(NAMES)) {
      var it = s.iterator();
      assertEquals("a", it.next().value());
      try (KvStoreTransaction tx = store.startTransaction()) {
        tx.put(NAMES, 2L, "changed");
        tx.delete(NAMES, 3L);
        tx.put(NAMES, 4L, "d");
        tx.commit();
      }
      assertEquals("b", it.next().value());
      assertEquals("c", it.next().value());
      assertEquals(false, it.hasNext());
    }
  }

  @Test
  void shouldNeverShowPartOfACommitToAStream() throws Exception {
    int keys = 16;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (long round = 1; round <= 300; round++) {
          try (KvStoreTransaction tx = store.startTransaction()) {
            for (long k = 0; k < keys; k++) {
              tx.put(HASHES, hashOf(k), round);
            }
            tx.commit(Durability.NO_SYNC);
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    int reads = 0;
    while (writer.isAlive() || reads == 0) {
      List<Long> values;
      try (Stream<ColumnEntry<Hash32, Long>> s = store.stream(HASHES)) {
        values = s.map(ColumnEntry::value).toList();
      }
      if (!values.isEmpty()) {
        assertEquals(keys, values.size());
        assertEquals(1, values.stream().distinct().count(), "a stream saw two commits at once: " + values);
      }
      reads++;
    }
    writer.join();
    if (failure.get() != null) {
      throw new AssertionError("writer failed", failure.get());
    }
    assertEquals(Optional.of(300L), store.get(HASHES, hashOf(0)));
  }

  private static Hash32 hashOf(long k) {
    byte[] b = new byte[32];
    b[31] = (byte) k;
    return Hash32.of(b);
  }

  @Test
  void shouldCopyValuesInAndOut() {
    byte[] value = {1, 2, 3};
    byte[] key = {9};
    try (KvStoreTransaction tx = store.startTransaction()) {
      tx.put(RAW, key, value);
      value[0] = 42;
      key[0] = 8;
      tx.commit();
    }
    byte[] read = store.get(RAW, new byte[] {9}).orElseThrow();
    assertArrayEquals(new byte[] {1, 2, 3}, read);
    read[0] = 42;
    assertArrayEquals(new byte[] {1, 2, 3}, store.get(RAW, new byte[] {9}).orElseThrow());
  }

  @Test
  void shouldRefuseColumnsAndVariablesOutsideTheSchema() {
    KvStoreColumn<Long, String> other = new KvStoreColumn<>(9, "other", Serializers.LONG, Serializers.UTF8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.get(other, 1L));
    assertTrue(e.getMessage().contains("column 'other' (id 9) is not a column of schema version 1"), e.getMessage());
    KvStoreColumn<Long, Long> sameIdOtherSerializer = new KvStoreColumn<>(2, "names", Serializers.LONG,
        Serializers.LONG);
    assertThrows(IllegalArgumentException.class, () -> store.get(sameIdOtherSerializer, 1L));
    KvStoreVariable<Long> var = new KvStoreVariable<>(7, "seven", Serializers.LONG);
    try (KvStoreTransaction tx = store.startTransaction()) {
      assertThrows(IllegalArgumentException.class, () -> tx.put(var, 1L));
      assertThrows(IllegalArgumentException.class, () -> tx.put(other, 1L, "x"));
    }
  }

  @Test
  void shouldReportAMalformedStoredValueWithColumnAndKey() {
    put(SchemaDefinition.METADATA, COUNTER.key(), new byte[] {1, 2, 3});
    StorageException e = assertThrows(StorageException.class, () -> store.get(COUNTER));
    assertTrue(e.getMessage().contains("variable 'counter' (id 1), key 0x00000001"), e.getMessage());
    assertTrue(e.getMessage().contains("long: expected 8 bytes, got 3"), e.getMessage());
    assertTrue(e.getMessage().contains("restore it from a backup, or move it away and resync"), e.getMessage());

    put(RAW, new byte[] {5}, new byte[] {(byte) 0xFF});
    KvStoreColumn<byte[], String> asText = new KvStoreColumn<>(1, "raw", Serializers.BYTES, Serializers.UTF8);
    KvStore other = reopenAs(new SchemaDefinition(1, List.of(SchemaDefinition.METADATA, asText, NAMES, HASHES,
        BY_NAME), List.of(SchemaDefinition.DB_VERSION)));
    if (other != null) {
      try (other) {
        StorageException e2 = assertThrows(StorageException.class, () -> other.get(asText, new byte[] {5}));
        assertTrue(e2.getMessage().contains("column 'raw' (id 1), key 0x05"), e2.getMessage());
      }
    }
  }

  /** The same data read under another schema, when the implementation keeps data across opens; else null. */
  protected KvStore reopenAs(SchemaDefinition schema) {
    return null;
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void shouldRefuseUseAfterClose(Durability durability) {
    KvStoreTransaction tx = store.startTransaction();
    tx.put(NAMES, 1L, "a");
    store.close();
    assertThrows(IllegalStateException.class, () -> store.get(NAMES, 1L));
    assertThrows(IllegalStateException.class, () -> tx.commit(durability));
    assertThrows(IllegalStateException.class, () -> store.stream(NAMES));
    store.close();
  }

  @Test
  void shouldFailAnOpenStreamWhenTheStoreCloses() {
    put(NAMES, 1L, "a", NAMES, 2L, "b");
    Stream<ColumnEntry<Long, String>> s = store.stream(NAMES);
    var it = s.iterator();
    it.next();
    store.close();
    // RocksDB would reach freed native memory here; both stores refuse instead.
    assertThrows(IllegalStateException.class, it::next);
    s.close();
  }
}
