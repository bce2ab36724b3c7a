/**
 * "Bad input never takes a node down": a running {@link io.fedchain.p2p.P2PNetwork} on a real
 * loopback socket, attacked by {@link io.fedchain.p2p.robustness.RawPeer}, a peer that speaks each
 * layer (multistream-select, Noise, yamux, gossipsub framing) by hand with the module's own pure
 * classes, so it can deviate at any point. Every test checks that the bad connection or stream is
 * closed, that the node counted it, that gossipsub penalised the sender where the spec says so, and
 * that an honest peer can still connect, ping and gossip afterwards ({@link
 * io.fedchain.p2p.robustness.NodeUnderTest#assertStillServing}). {@link
 * io.fedchain.p2p.robustness.Tripwire} fails any test that leaves a WARN or ERROR log, an uncaught
 * exception or a leaked Netty buffer behind.
 */
package io.fedchain.p2p.robustness;
