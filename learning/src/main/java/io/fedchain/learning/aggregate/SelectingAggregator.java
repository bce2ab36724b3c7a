package io.fedchain.learning.aggregate;

import java.util.List;

/** An aggregator that keeps whole updates and drops the rest; {@link #select} says which, for reports. */
public interface SelectingAggregator extends Aggregator {
  /**
   * The indices into {@code updates} of the updates {@link #aggregate} keeps, ascending.
   *
   * @throws IllegalArgumentException on the same inputs {@link #aggregate} rejects
   */
  int[] select(List<WeightedDelta> updates);
}
