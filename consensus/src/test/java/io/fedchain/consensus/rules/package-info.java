/**
 * One test (or a few) per rule of the Tendermint paper's Algorithm 1, in the style of Besu's QBFT
 * tests: a single engine on a fixed virtual clock, fake validator peers that inject proposals and
 * votes, and assertions on what the node under test sends. Line numbers are the paper's.
 */
package io.fedchain.consensus.rules;
