/**
 * libp2p on Netty (tcp, multistream-select, noise, yamux, identify, ping, gossipsub, req/resp). It moves
 * bytes on topics and protocols and knows nothing of the chain or of learning. Built under its own issue.
 */
package io.fedchain.p2p;
