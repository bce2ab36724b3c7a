package io.fedchain.consensus;

import java.util.PriorityQueue;

/** Deterministic virtual time: tasks run in time order, ties in submission order. */
public final class VirtualTime {
  private record Task(long at, long seq, Runnable run) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
      : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  public long now() {
    return now;
  }

  public void at(long time, Runnable r) {
    queue.add(new Task(Math.max(time, now), seq++, r));
  }

  /** Runs tasks until {@code until} or no task is left; returns whether tasks remain. */
  public boolean runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Task t = queue.poll();
      now = t.at;
      t.run.run();
    }
    now = Math.max(now, until);
    return !queue.isEmpty();
  }

  public Scheduler scheduler() {
    return new Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        at(now + delayMillis, task);
      }

      @Override
      public long nowMillis() {
        return now;
      }
    };
  }
}
