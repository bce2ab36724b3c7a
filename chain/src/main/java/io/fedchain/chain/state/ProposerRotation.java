package io.fedchain.chain.state;

import io.fedchain.chain.crypto.MemberId;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who proposes: CometBFT's weighted round robin. Each validator holds a priority; one step adds
 * each validator's stake to its priority, picks the highest (ties: the smaller key) and takes the
 * total stake off the winner. Over many steps each validator proposes in proportion to its stake,
 * and never twice in a row unless it holds more than half of it.
 *
 * <p>The chain state keeps the priorities {@code P} after its last block: the proposer of the next
 * height in consensus round {@code r} is the winner of step {@code r + 1} from {@code P}. A
 * committed block of round {@code r} moves the state to {@code P} after {@code r + 1} steps, then
 * {@link #reconcile}s it with the validator set after the block. Integer arithmetic only.
 */
public final class ProposerRotation {
  private ProposerRotation() {}

  /** The proposer of the next height in consensus round {@code round}. */
  public static MemberId proposer(SortedMap<MemberId, Long> priorities, SortedMap<MemberId, Long> validators,
      int round) {
    SortedMap<MemberId, Long> p = new TreeMap<>(priorities);
    MemberId winner = null;
    for (int i = 0; i <= round; i++) {
      winner = step(p, validators);
    }
    return winner;
  }

  /** The priorities after {@code steps} steps. */
  public static SortedMap<MemberId, Long> advance(SortedMap<MemberId, Long> priorities,
      SortedMap<MemberId, Long> validators, int steps) {
    SortedMap<MemberId, Long> p = new TreeMap<>(priorities);
    for (int i = 0; i < steps; i++) {
      step(p, validators);
    }
    return p;
  }

  /** One step on {@code p} (in place); returns the winner. */
  private static MemberId step(SortedMap<MemberId, Long> p, SortedMap<MemberId, Long> validators) {
    long total = total(validators);
    MemberId best = null;
    long bestPriority = Long.MIN_VALUE;
    for (Map.Entry<MemberId, Long> v : validators.entrySet()) {
      long updated = p.getOrDefault(v.getKey(), 0L) + v.getValue();
      p.put(v.getKey(), updated);
      if (best == null || updated > bestPriority) {
        best = v.getKey();
        bestPriority = updated;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no validator to propose");
    }
    p.put(best, bestPriority - total);
    return best;
  }

  /**
   * Fits priorities to a new validator set: departed validators are dropped, new ones start at
   * {@code -1.125 * total} (behind everyone, as in CometBFT, so joining does not jump the queue),
   * the spread is scaled down to at most twice the total stake, and the priorities are centred
   * on zero.
   */
  public static SortedMap<MemberId, Long> reconcile(SortedMap<MemberId, Long> priorities,
      SortedMap<MemberId, Long> validators) {
    long total = total(validators);
    SortedMap<MemberId, Long> p = new TreeMap<>();
    for (MemberId id : validators.keySet()) {
      Long old = priorities.get(id);
      p.put(id, old != null ? old : -(total + total / 8));
    }
    if (p.isEmpty()) {
      return p;
    }
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (long v : p.values()) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    long spread = max - min;
    long limit = 2 * total;
    if (limit > 0 && spread > limit) {
      long ratio = (spread + limit - 1) / limit;
      p.replaceAll((k, v) -> Math.floorDiv(v, ratio));
    }
    long sum = 0;
    for (long v : p.values()) {
      sum += v;
    }
    long avg = Math.floorDiv(sum, p.size());
    p.replaceAll((k, v) -> v - avg);
    return p;
  }

  private static long total(SortedMap<MemberId, Long> validators) {
    long t = 0;
    for (long s : validators.values()) {
      t += s;
    }
    return t;
  }
}
