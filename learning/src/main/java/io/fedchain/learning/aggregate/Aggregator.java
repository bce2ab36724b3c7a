package io.fedchain.learning.aggregate;

import java.util.List;

/**
 * A rule that turns one round's accepted deltas into the global model's delta. Implementations are
 * pure and bit-exact: every validator re-executes them and must get the same bits.
 */
public interface Aggregator {
  /**
   * The canonical spec string, e.g. {@code trimmed-mean:0.1}: {@code parse(a.name())} equals
   * {@code a}. Store this rather than the text a user typed, which may spell the same rule
   * differently ({@code trimmed-mean:0.10}).
   */
  String name();

  /**
   * Aggregates {@code updates}, whose order (block order) is part of the result's definition. The
   * inputs are not modified; the result is a new array.
   *
   * @throws IllegalArgumentException if the list is empty, deltas differ in length or hold NaN or
   *     infinite values, or the rule needs more updates than given
   */
  float[] aggregate(List<WeightedDelta> updates);

  /**
   * The aggregator a spec string names: {@code fedavg}, {@code median}, {@code
   * trimmed-mean:<beta>} with beta a decimal in [0, 0.5), {@code krum:<f>} or {@code
   * multi-krum:<f>:<m>}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  static Aggregator parse(String spec) {
    return AggregatorSpec.parse(spec);
  }
}
