/**
 * The chain on top of the key-value store, still as bytes: {@link io.fedchain.storage.chain.Schema}
 * (every column id fedchain stores), {@link io.fedchain.storage.chain.ChainStore} (append a committed
 * block with its deltas, state and model in one atomic write; read them back; the head) and
 * {@link io.fedchain.storage.chain.DeltaPruner} (drop the deltas of old blocks).
 *
 * <p>Nothing here knows how a block or a delta is encoded or hashed: the chain module encodes,
 * hashes and checks, and hands over bytes with their hashes. That keeps the dependency one-way
 * (chain -> storage) and the storage tests free of consensus types.
 */
package io.fedchain.storage.chain;
