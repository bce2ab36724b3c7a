/**
 * Typed key-value storage for fedchain: the KvStore API with typed columns, its RocksDB and in-memory
 * implementations and the schema that lists every column. Built under its own issue (the ledger).
 */
package io.fedchain.storage;
