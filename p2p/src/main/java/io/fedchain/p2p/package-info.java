/**
 * libp2p on Netty, written from the libp2p specifications (connections, noise, yamux, identify,
 * ping, pubsub/gossipsub v1.0 and v1.1, peer-ids) and interoperable with other implementations.
 * It moves bytes on topics and protocols and knows nothing of the chain or of learning.
 */
package io.fedchain.p2p;
