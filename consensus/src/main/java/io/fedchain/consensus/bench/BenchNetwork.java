package io.fedchain.consensus.bench;

import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Outbox;
import io.fedchain.consensus.Proposal;
import io.fedchain.consensus.Scheduler;
import io.fedchain.consensus.TendermintEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * One event queue for all validators: a message is delivered to every other validator as soon as
 * the events before it have run (zero delay, no loss, FIFO). Timeouts wait on a virtual clock that
 * moves only when no message is left, so a run in which all is well never waits on one. Each
 * broadcast is encoded once and decoded by each receiver, as on a real network.
 */
final class BenchNetwork {
  private record Timer(long at, long seq, Runnable task) {}

  private final ArrayDeque<Runnable> messages = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
      : Long.compare(a.seq, b.seq));
  private final List<TendermintEngine> engines = new ArrayList<>();
  private long now;
  private long seq;
  private long delivered;
  private long evidence;

  BenchNetwork(long startMillis) {
    now = startMillis;
  }

  void add(TendermintEngine engine) {
    engines.add(engine);
  }

  long delivered() {
    return delivered;
  }

  long evidence() {
    return evidence;
  }

  Scheduler scheduler() {
    return new Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        timers.add(new Timer(now + delayMillis, seq++, task));
      }

      @Override
      public long nowMillis() {
        return now;
      }
    };
  }

  /** The outbox of the validator at {@code self} (its index in the order of {@link #add}). */
  Outbox outbox(int self) {
    return new Outbox() {
      @Override
      public void broadcast(Proposal proposal) {
        byte[] bytes = Proposal.CODEC.encode(proposal);
        for (int j = 0; j < engines.size(); j++) {
          if (j != self) {
            TendermintEngine to = engines.get(j);
            messages.add(() -> to.onProposal(Proposal.CODEC.decode(bytes, Limits.MAX_BLOCK_BYTES)));
          }
        }
      }

      @Override
      public void broadcast(Vote vote) {
        byte[] bytes = Vote.CODEC.encode(vote);
        for (int j = 0; j < engines.size(); j++) {
          if (j != self) {
            TendermintEngine to = engines.get(j);
            messages.add(() -> to.onVote(Vote.CODEC.decode(bytes, Limits.MAX_VOTE_BYTES)));
          }
        }
      }

      @Override
      public void evidence(TxBody.Evidence e) {
        evidence++;
      }
    };
  }

  /** Runs events until {@code done} holds (true) or no event is left (false). */
  boolean runUntil(BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      Runnable message = messages.poll();
      if (message != null) {
        delivered++;
        message.run();
        continue;
      }
      Timer t = timers.poll();
      if (t == null) {
        return false;
      }
      now = t.at;
      t.task.run();
    }
    return true;
  }
}
