/**
 * Stake-weighted Tendermint-style BFT consensus whose validators vote on model updates after checking them
 * on their own validation data. Built under its own issue.
 */
package io.fedchain.consensus;
