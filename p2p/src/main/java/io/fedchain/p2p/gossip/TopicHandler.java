package io.fedchain.p2p.gossip;

/**
 * The application's side of one topic. Both methods run synchronously on the router's thread,
 * inside {@link GossipRouter#onRpc}: the router forwards a message only after {@code validate}
 * returns ACCEPT, so a slow validator delays propagation and blocks every other event. Keep
 * validation to cheap checks (decoding, signatures, bounds); hand heavy work (e.g. scoring a model
 * update) to another thread from {@code deliver}.
 *
 * <p>{@code deliver} may call back into the router (publish a vote on receiving a proposal,
 * subscribe, unsubscribe): the message has already been recorded and forwarded by then.
 *
 * <p>An exception from {@code validate} counts as IGNORE (a local bug must not penalise the peer);
 * one from {@code deliver} is logged and dropped.
 */
public interface TopicHandler {

  ValidationResult validate(GossipMessage message);

  /** Called once per message id, after ACCEPT. */
  void deliver(GossipMessage message);
}
