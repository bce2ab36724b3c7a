package io.fedchain.learning.aggregate;

import java.util.List;

/**
 * A rule that turns one round's accepted deltas into the global model's delta. Implementations are
 * pure and bit-exact: every validator re-executes them and must get the same bits.
 */
public interface Aggregator {
  /** The canonical spec string, as written in genesis; {@link #parse} reads it back. */
  String name();

  /**
   * Aggregates {@code updates}, whose order (block order) is part of the result's definition. The
   * inputs are not modified; the result is a new array.
   *
   * @throws IllegalArgumentException if the list is empty, deltas differ in length or hold NaN or
   *     infinite values, or the rule needs more updates than given
   */
  float[] aggregate(List<WeightedDelta> updates);
}
