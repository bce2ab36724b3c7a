package io.fedchain.learning.train;

/**
 * Something that turns the current global model into a client's update for a round: honest local
 * training, or a decorated version of it (differential privacy, an attack in experiments).
 */
@FunctionalInterface
public interface UpdateProducer {
  LocalUpdate produce(float[] global, int round);
}
