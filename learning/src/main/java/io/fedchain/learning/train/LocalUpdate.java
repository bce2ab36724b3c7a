package io.fedchain.learning.train;

/**
 * What a client shares after a round of local training: {@code delta = w_local - w_global}, the
 * number of samples it trained on (the FedAvg weight) and its mean training loss of the last epoch.
 */
public record LocalUpdate(float[] delta, int numSamples, double trainLoss) {}
