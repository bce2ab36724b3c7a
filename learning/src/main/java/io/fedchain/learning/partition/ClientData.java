package io.fedchain.learning.partition;

import io.fedchain.learning.data.Dataset;

/**
 * One client's share of the data: what it trains on and the held-out slice that it, as a
 * validator, scores other members' updates on. The two never overlap.
 */
public record ClientData(int client, Dataset train, Dataset validation) {}
