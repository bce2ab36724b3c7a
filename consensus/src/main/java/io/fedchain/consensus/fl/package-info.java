/**
 * The FL side of consensus: the application a validator runs under the Tendermint engine. It
 * keeps a mempool of transactions and model updates (with their deltas), builds blocks as
 * proposer, re-executes blocks and judges their updates as validator, and commits decided blocks
 * to the ledger.
 */
package io.fedchain.consensus.fl;
