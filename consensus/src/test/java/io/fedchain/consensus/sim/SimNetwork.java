package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.SignedTx;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The in-memory network of one run: every message on every link gets its own random delay (so
 * messages overtake each other), may be lost, and is dropped while a partition separates the two
 * ends. Trainers (endpoints below 0) reach every validator; only their messages' delay and loss
 * apply. A silenced validator's messages are dropped from its silence on.
 */
final class SimNetwork {
  /** A gossip message: {@code id} is what receivers remember to drop copies (gossipsub's seen cache). */
  record Msg(Hash32 id, Object payload) {}

  /** A transaction with its delta (updates) as gossiped on the {@code updates} and {@code txs} topics. */
  record TxGossip(SignedTx tx, Optional<byte[]> delta) {}

  private final Scenario scenario;
  private final SimClock clock;
  private final Random random;
  private IntFunction<SimNode> nodes;
  long sent;
  long lost;

  SimNetwork(Scenario scenario, SimClock clock, Random random) {
    this.scenario = scenario;
    this.clock = clock;
    this.random = random;
  }

  void attach(IntFunction<SimNode> nodes) {
    this.nodes = nodes;
  }

  /** Whether {@code a} and {@code b} can talk now (validators only are partitioned). */
  boolean connected(int a, int b) {
    if (a < 0 || b < 0) {
      return true;
    }
    long now = clock.now();
    for (Scenario.Partition p : scenario.partitions()) {
      if (p.start() <= now && now < p.heal() && p.groupOf()[a] != p.groupOf()[b]) {
        return false;
      }
    }
    return true;
  }

  boolean silenced(int node) {
    long now = clock.now();
    for (Scenario.Silence s : scenario.silences()) {
      if (s.node() == node && s.at() <= now) {
        return true;
      }
    }
    return false;
  }

  long delay() {
    return scenario.minDelay() + random.nextInt(scenario.maxDelay() - scenario.minDelay() + 1);
  }

  void send(int from, int to, Msg m) {
    sent++;
    if (from == to || silenced(from) || !connected(from, to) || random.nextInt(100) < scenario.lossPercent()) {
      lost++;
      return;
    }
    SimNode target = nodes.apply(to);
    clock.after(delay(), () -> target.receive(from, m));
  }

  void broadcast(int from, Msg m) {
    for (int to = 0; to < scenario.validators(); to++) {
      if (to != from) {
        send(from, to, m);
      }
    }
  }
}
