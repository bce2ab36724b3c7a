/**
 * The gossipsub v1.1 router (libp2p pubsub specs: {@code pubsub/README.md},
 * {@code gossipsub-v1.0.md}, {@code gossipsub-v1.1.md}) as pure, event-driven logic.
 *
 * <p>{@link io.fedchain.p2p.gossip.GossipRouter} owns no thread, socket or timer: the integrator
 * feeds it events (a peer's stream opened or closed, an RPC read from a stream, a heartbeat tick)
 * and it answers through {@link io.fedchain.p2p.gossip.Outbound} with encoded RPCs to
 * length-prefix and write. Time comes from an injected {@link java.time.InstantSource} and every
 * random choice from an injected {@link java.util.Random}, so a seeded test replays exactly.
 *
 * <p>Threading: every call into a router, and every callback out of it (validation, delivery,
 * sends, metrics), happens on one thread, the caller's. There are no locks; calling a router from
 * two threads at once corrupts it.
 */
package io.fedchain.p2p.gossip;
