/**
 * The in-process federated-learning simulation behind {@code fedchain simulate}: N clients, R rounds,
 * the validation filter validators will run on chain, attackers, DP and codecs, with a per-round
 * report as CSV and PNG. It is the laboratory in which the on-chain rules are calibrated.
 */
package io.fedchain.learning.sim;
