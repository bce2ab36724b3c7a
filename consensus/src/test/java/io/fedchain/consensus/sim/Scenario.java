package io.fedchain.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything one simulation run does, drawn from a seed: validators and stakes, who is byzantine
 * and how, trainers, the network's delays and loss, partitions, crashes and restarts. A run is a
 * pure function of its scenario (and the scenario of its seed), so a failing seed replays.
 *
 * @param behaviours the byzantine validators' behaviours, by validator index (honest ones absent)
 * @param poisonedTrainers indices (0-based among trainers) of trainers that send poisoned deltas
 * @param lossPercent chance in percent that one message on one link is lost
 * @param faultsEnd no partition or crash starts after this (virtual ms)
 * @param livenessWindow after the last heal or restart, every live honest validator must commit
 *     {@link #livenessHeights} more heights within this many virtual ms
 */
record Scenario(long seed, long[] stakes, TreeMap<Integer, Set<Behaviour>> behaviours, int trainers,
    Set<Integer> poisonedTrainers, int updatesToClose, int minDelay, int maxDelay, int lossPercent,
    List<Partition> partitions, List<Crash> crashes, List<Silence> silences, long faultsEnd, long livenessWindow,
    int livenessHeights) {

  /** What a byzantine validator does; it may combine several. */
  enum Behaviour {
    /** Sends nothing at all. */
    SILENT,
    /** Drops most of its votes and sends the rest to a few peers only. */
    WITHHOLD_VOTES,
    /** Signs a second, different vote for each of its votes and sends each half of its peers one of them. */
    EQUIVOCATE,
    /** As proposer, signs two different valid blocks and sends each half of its peers one of them. */
    DOUBLE_PROPOSE,
    /** As proposer, mostly proposes blocks that do not re-execute (state root, a bad tx, a short lastCommit...). */
    INVALID_BLOCKS,
    /** Judges every update acceptable: proposes the poisoned ones and votes to accept them. */
    POISON,
    /** Signs its votes with a verdict list of the wrong length. */
    BAD_VERDICTS
  }

  /** From {@code start} to {@code heal}, validators hear only those of their own group. */
  record Partition(long start, long heal, int[] groupOf) {
    @Override
    public String toString() {
      return "partition " + start + "-" + heal + "ms groups " + Arrays.toString(groupOf);
    }
  }

  /** Validator {@code node} crashes at {@code at} and restarts at {@code restart} (-1: never). */
  record Crash(int node, long at, long restart) {
    @Override
    public String toString() {
      return "crash v" + node + " at " + at + "ms" + (restart < 0 ? " for good" : ", restart at " + restart + "ms");
    }
  }

  /** Validator {@code node} stops sending anything from {@code at} on (it keeps running). */
  record Silence(int node, long at) {}

  int validators() {
    return stakes.length;
  }

  long totalStake() {
    return Arrays.stream(stakes).sum();
  }

  boolean honest(int node) {
    return !behaviours.containsKey(node);
  }

  /**
   * When the network is whole again, every crashed validator that will restart has, and every
   * validator that goes silent has.
   */
  long stableFrom() {
    long t = 0;
    for (Partition p : partitions) {
      t = Math.max(t, p.heal);
    }
    for (Crash c : crashes) {
      t = Math.max(t, Math.max(c.at, c.restart));
    }
    for (Silence s : silences) {
      t = Math.max(t, s.at);
    }
    return t;
  }

  /** Stake that is byzantine or down for good at the end of the run. */
  long faultyStake() {
    long s = 0;
    for (int i = 0; i < stakes.length; i++) {
      int node = i;
      boolean gone = crashes.stream().anyMatch(c -> c.node == node && c.restart < 0)
          || silences.stream().anyMatch(x -> x.node == node);
      if (!honest(i) || gone) {
        s += stakes[i];
      }
    }
    return s;
  }

  /**
   * A random scenario: 4 to 10 validators with random stakes, byzantine stake below 1/3 with one
   * or two behaviours each, crashes (some for good, keeping byzantine plus crashed stake below
   * 1/3), partitions that heal, message delay, reordering and loss.
   */
  static Scenario random(long seed) {
    Random r = new Random(seed);
    int n = 4 + r.nextInt(7);
    long[] stakes = new long[n];
    int shape = r.nextInt(3);
    for (int i = 0; i < n; i++) {
      stakes[i] = switch (shape) {
        case 0 -> 1 + r.nextInt(100);
        case 1 -> 10;
        default -> 1 + (long) Math.pow(2, r.nextInt(11));
      };
    }
    long total = Arrays.stream(stakes).sum();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, r);
    // Faulty stake (byzantine + crashed for good) stays below 1/3: 3 * faulty < total.
    long faulty = 0;
    TreeMap<Integer, Set<Behaviour>> behaviours = new TreeMap<>();
    boolean anyByzantine = r.nextInt(5) != 0;
    Behaviour[] all = Behaviour.values();
    for (int i : order) {
      if (anyByzantine && r.nextBoolean() && 3 * (faulty + stakes[i]) < total) {
        faulty += stakes[i];
        Set<Behaviour> b = EnumSet.of(all[r.nextInt(all.length)]);
        if (!b.contains(Behaviour.SILENT) && r.nextBoolean()) {
          Behaviour extra = all[r.nextInt(all.length)];
          if (extra != Behaviour.SILENT) {
            b.add(extra);
          }
        }
        behaviours.put(i, b);
      }
    }
    long faultsEnd = 500 + r.nextInt(2500);
    List<Crash> crashes = new ArrayList<>();
    for (int i : order) {
      if (behaviours.containsKey(i) || r.nextInt(10) >= 3) {
        continue;
      }
      long at = r.nextInt((int) faultsEnd);
      if (r.nextInt(4) == 0 && 3 * (faulty + stakes[i]) < total) {
        faulty += stakes[i];
        crashes.add(new Crash(i, at, -1));
      } else {
        crashes.add(new Crash(i, at, at + 50 + r.nextInt(2000)));
      }
    }
    List<Partition> partitions = new ArrayList<>();
    int parts = r.nextInt(3);
    long from = 0;
    for (int k = 0; k < parts && from < faultsEnd; k++) {
      long start = from + r.nextInt((int) Math.max(1, faultsEnd - from));
      long heal = start + 100 + r.nextInt(2500);
      int groups = 2 + r.nextInt(2);
      int[] groupOf = new int[n];
      for (int i = 0; i < n; i++) {
        groupOf[i] = r.nextInt(groups);
      }
      partitions.add(new Partition(start, heal, groupOf));
      from = heal;
    }
    int trainers = 2 + r.nextInt(3);
    Set<Integer> poisoned = new java.util.TreeSet<>();
    for (int t = 0; t < trainers; t++) {
      if (r.nextInt(3) == 0) {
        poisoned.add(t);
      }
    }
    int minDelay = 1 + r.nextInt(20);
    int maxDelay = minDelay + 5 + r.nextInt(r.nextInt(4) == 0 ? 250 : 80);
    int loss = r.nextInt(3) == 0 ? 0 : r.nextInt(16);
    return new Scenario(seed, stakes, behaviours, trainers, poisoned, 2 + r.nextInt(2), minDelay, maxDelay, loss,
        partitions, crashes, List.of(), faultsEnd, 15_000, 3);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("seed ").append(seed).append(": ").append(stakes.length).append(" validators, stakes ")
        .append(Arrays.toString(stakes)).append(", byzantine ").append(behaviours).append(", ").append(trainers)
        .append(" trainers (poisoned ").append(poisonedTrainers).append("), K=").append(updatesToClose)
        .append(", delay ").append(minDelay).append('-').append(maxDelay).append("ms, loss ").append(lossPercent)
        .append("%");
    for (Partition p : partitions) {
      sb.append(", ").append(p);
    }
    for (Crash c : crashes) {
      sb.append(", ").append(c);
    }
    for (Silence s : silences) {
      sb.append(", v").append(s.node).append(" silent from ").append(s.at).append("ms");
    }
    return sb.toString();
  }
}
