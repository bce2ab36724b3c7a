package io.fedchain.consensus.sim;

import io.fedchain.consensus.Scheduler;
import java.util.PriorityQueue;

/**
 * Virtual time for one simulation: tasks run in time order, ties in submission order, on the
 * caller's thread. Nothing reads the wall clock, so a run depends only on its seed.
 */
final class SimClock {
  private record Task(long at, long seq, Runnable run) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
      : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private long executed;

  long now() {
    return now;
  }

  /** Tasks run so far (a measure of a run's work). */
  long executed() {
    return executed;
  }

  void at(long time, Runnable r) {
    queue.add(new Task(Math.max(time, now), seq++, r));
  }

  void after(long delay, Runnable r) {
    at(now + delay, r);
  }

  /** Runs tasks up to and including time {@code until}, then sets the clock to it. */
  void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Task t = queue.poll();
      now = t.at;
      executed++;
      t.run.run();
    }
    now = Math.max(now, until);
  }

  /**
   * A scheduler for one incarnation of a validator: its tasks are dropped once {@code alive} says
   * that incarnation is gone (crashed or replaced after a restart).
   */
  Scheduler scheduler(java.util.function.BooleanSupplier alive) {
    return new Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        after(delayMillis, () -> {
          if (alive.getAsBoolean()) {
            task.run();
          }
        });
      }

      @Override
      public long nowMillis() {
        return now;
      }
    };
  }
}
