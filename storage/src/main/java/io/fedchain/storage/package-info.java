/**
 * Typed key-value storage: {@link io.fedchain.storage.KvStore} with typed columns and variables
 * (Teku's {@code KvStoreColumn<K,V>} idea), atomic transactions with a durability choice, and
 * iteration in key order; {@link io.fedchain.storage.RocksDbKvStore} on RocksDB and
 * {@link io.fedchain.storage.InMemoryKvStore} with the same semantics for unit tests.
 *
 * <p>The layer is byte-level and imports nothing of fedchain: a column's serializers turn values
 * into bytes, keys are ordered as unsigned bytes, and the schema in use is a
 * {@link io.fedchain.storage.SchemaDefinition} handed in at open. The RocksDB store checks the
 * directory's {@code db.version} against it before writing anything, and refuses another version,
 * a foreign directory or a damaged database with a message that names the directory and says what
 * to do.
 */
package io.fedchain.storage;
