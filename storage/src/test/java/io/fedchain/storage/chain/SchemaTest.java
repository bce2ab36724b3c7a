package io.fedchain.storage.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.storage.Hash32;
import io.fedchain.storage.KvStoreColumn;
import io.fedchain.storage.KvStoreVariable;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.SerializationException;
import io.fedchain.storage.Serializers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class SchemaTest {
  /**
   * The ids on disk. Changing this list means changing what databases hold: bump Schema.VERSION
   * (or add ids only), retire dropped ids, and update the storage README.
   */
  @Test
  void shouldKeepTheOnDiskIdsOfVersion1() {
    assertEquals(1, Schema.VERSION);
    assertEquals("0 metadata, 1 blocks, 2 block_hash_by_height, 3 deltas, 4 block_deltas, 5 delta_last_block, "
        + "6 states, 7 state_root_by_height, 8 model_versions, 9 models, 10 consensus_wal",
        Schema.DEFINITION.columns().stream().map(c -> c.id() + " " + c.name()).collect(Collectors.joining(", ")));
    assertEquals("0 db.version, 1 head, 2 latest_model, 3 deltas_pruned_below",
        Schema.DEFINITION.variables().stream().map(v -> v.id() + " " + v.name()).collect(Collectors.joining(", ")));
  }

  @Test
  void shouldListEveryPublicColumnAndVariableInTheDefinition() throws IllegalAccessException {
    List<Object> declared = new ArrayList<>();
    for (var field : Schema.class.getFields()) {
      if (KvStoreColumn.class.isAssignableFrom(field.getType()) || KvStoreVariable.class.isAssignableFrom(field.getType())) {
        declared.add(field.get(null));
      }
    }
    List<Object> listed = new ArrayList<>(Schema.DEFINITION.columns());
    listed.addAll(Schema.DEFINITION.variables());
    assertEquals(listed.size(), declared.size());
    assertTrue(listed.containsAll(declared));
  }

  @Test
  void shouldCreateOneColumnFamilyPerColumn(@TempDir Path dir) throws Exception {
    RocksDbKvStore.open(dir, Schema.DEFINITION).close();
    List<String> families;
    try (Options options = new Options()) {
      families = RocksDB.listColumnFamilies(options, dir.toString()).stream().map(String::new).sorted().toList();
    }
    List<String> expected = new ArrayList<>(List.of("default"));
    Schema.DEFINITION.columns().forEach(c -> expected.add(Integer.toString(c.id())));
    assertEquals(expected.stream().sorted().toList(), families);
  }

  static LongStream seeds() {
    return LongStream.range(0, 10);
  }

  private static Hash32 hash(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash32.of(b);
  }

  private static long height(Random r) {
    return r.nextInt(4) == 0 ? new long[] {0, 1, Long.MAX_VALUE}[r.nextInt(3)] : r.nextLong() & Long.MAX_VALUE;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripTheSchemaRecords(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      BlockRef ref = new BlockRef(height(r), hash(r));
      assertEquals(ref, BlockRef.SERIALIZER.fromBytes(BlockRef.SERIALIZER.toBytes(ref)));
      BlockDeltaKey key = new BlockDeltaKey(height(r), hash(r));
      assertEquals(key, BlockDeltaKey.SERIALIZER.fromBytes(BlockDeltaKey.SERIALIZER.toBytes(key)));
      ModelVersion m = new ModelVersion(height(r), height(r), hash(r));
      assertEquals(m, ModelVersion.SERIALIZER.fromBytes(ModelVersion.SERIALIZER.toBytes(m)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldOrderBlockDeltaKeysByHeightFirst(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      BlockDeltaKey a = new BlockDeltaKey(height(r), hash(r));
      BlockDeltaKey b = new BlockDeltaKey(r.nextBoolean() ? a.height() : height(r), hash(r));
      int expected = a.height() != b.height() ? Long.compare(a.height(), b.height())
          : a.deltaHash().compareTo(b.deltaHash());
      int actual = java.util.Arrays.compareUnsigned(BlockDeltaKey.SERIALIZER.toBytes(a),
          BlockDeltaKey.SERIALIZER.toBytes(b));
      assertEquals(Integer.signum(expected), Integer.signum(actual));
    }
  }

  @Test
  void shouldRejectMalformedRecords() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> BlockRef.SERIALIZER.fromBytes(new byte[39]));
    assertEquals("block ref: expected 40 bytes, got 39", e.getMessage());
    byte[] negative = BlockRef.SERIALIZER.toBytes(new BlockRef(1, Hash32.ZERO));
    negative[0] = (byte) 0x80;
    e = assertThrows(SerializationException.class, () -> BlockRef.SERIALIZER.fromBytes(negative));
    assertTrue(e.getMessage().contains("is negative"), e.getMessage());
    assertThrows(SerializationException.class, () -> BlockDeltaKey.SERIALIZER.fromBytes(new byte[41]));
    e = assertThrows(SerializationException.class, () -> ModelVersion.SERIALIZER.fromBytes(new byte[40]));
    assertEquals("model version: expected 48 bytes, got 40", e.getMessage());
    byte[] badVersion = ModelVersion.SERIALIZER.toBytes(new ModelVersion(1, 1, Hash32.ZERO));
    System.arraycopy(Serializers.LONG.toBytes(-1L), 0, badVersion, 0, 8);
    assertThrows(SerializationException.class, () -> ModelVersion.SERIALIZER.fromBytes(badVersion));
  }
}
