/**
 * Aggregation rules: pure functions from one round's accepted deltas to the global model's delta.
 *
 * <p>They are consensus-critical. Every validator re-executes the aggregation of a round-closing
 * block and must get the same bits, so the maths here is plain Java loops with double accumulators
 * in a fixed order and one rounding to float at the end: no parallel streams, no {@code Math.fma},
 * no BLAS, no reordering "for speed". A change of operation order is a change of the rule; the
 * pinned hashes in the tests catch one.
 *
 * <p>The order of the input list is part of the definition: the chain passes updates in block
 * order, and sums run in that order unless a rule's doc says otherwise. Rules that take {@code
 * NaN} or infinite values as input cannot be made robust or reproducible, so every rule rejects
 * them (validators reject such deltas before aggregation anyway).
 */
package io.fedchain.learning.aggregate;
