/** Durable consensus state: the vote WAL and the ledger over the node's RocksDB chain database. */
package io.fedchain.consensus.store;
