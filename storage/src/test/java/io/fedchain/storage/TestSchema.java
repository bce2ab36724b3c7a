package io.fedchain.storage;

import java.util.List;

/** A small schema with one column per kind of serializer, for the store contract tests. */
final class TestSchema {
  static final KvStoreColumn<byte[], byte[]> RAW = new KvStoreColumn<>(1, "raw", Serializers.BYTES, Serializers.BYTES);
  static final KvStoreColumn<Long, String> NAMES = new KvStoreColumn<>(2, "names", Serializers.LONG, Serializers.UTF8);
  static final KvStoreColumn<Hash32, Long> HASHES = new KvStoreColumn<>(3, "hashes", Serializers.HASH32,
      Serializers.LONG);
  static final KvStoreColumn<String, byte[]> BY_NAME = new KvStoreColumn<>(4, "by_name", Serializers.UTF8,
      Serializers.BYTES);

  static final KvStoreVariable<Long> COUNTER = new KvStoreVariable<>(1, "counter", Serializers.LONG);
  static final KvStoreVariable<String> LABEL = new KvStoreVariable<>(2, "label", Serializers.UTF8);

  static final SchemaDefinition V1 = new SchemaDefinition(1,
      List.of(SchemaDefinition.METADATA, RAW, NAMES, HASHES, BY_NAME),
      List.of(SchemaDefinition.DB_VERSION, COUNTER, LABEL));

  private TestSchema() {}
}
