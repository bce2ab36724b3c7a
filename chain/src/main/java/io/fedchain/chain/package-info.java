/**
 * The ledger: blocks of model deltas, transactions, canonical SSZ encoding, genesis and the
 * deterministic state transition. Built under its own issue.
 */
package io.fedchain.chain;
