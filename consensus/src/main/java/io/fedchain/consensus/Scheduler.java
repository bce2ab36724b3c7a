package io.fedchain.consensus;

/**
 * Runs a task on the consensus thread after a delay (a timeout). Production wraps a scheduled
 * executor that posts to the event queue; tests use virtual time.
 */
public interface Scheduler {
  void schedule(long delayMillis, Runnable task);

  long nowMillis();
}
