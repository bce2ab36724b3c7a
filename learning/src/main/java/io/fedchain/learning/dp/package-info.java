/**
 * Client-side differential privacy for federated updates: {@link
 * io.fedchain.learning.dp.DpUpdateProducer} clips each client's delta and adds Gaussian noise before
 * it is gossiped, and {@link io.fedchain.learning.dp.RdpAccountant} tells what (epsilon, delta)
 * guarantee the rounds shared so far add up to.
 *
 * <p>The noise is added on the client because on fedchain every delta is public once shared: a
 * server-side mechanism, as in central DP-FedAvg, would have nothing to protect.
 */
package io.fedchain.learning.dp;
