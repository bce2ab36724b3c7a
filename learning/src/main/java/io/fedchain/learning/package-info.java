/**
 * The federated-learning engine: Fashion-MNIST data, seeded partitioners, models with flat float
 * parameters, local training, aggregation, delta codecs, the validation scorer validators run,
 * differential privacy, attack simulators and the in-process simulation.
 *
 * <p>It knows nothing of the chain. The parts that every node must compute bit for bit
 * (aggregation, model hashing, delta decoding, initial weights) are plain Java with a fixed
 * operation order; training and evaluation are local and only need to be fast.
 */
package io.fedchain.learning;
