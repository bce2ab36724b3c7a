package io.fedchain.consensus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus thread: one thread drains one queue of events (messages from the network,
 * timeouts, committed blocks fetched by sync, queries), so the engine and the application run
 * without locks. Timeouts are kept by a timer thread that only posts them to the queue.
 *
 * <p>The queue is bounded: when it is full, network messages are dropped (gossip redelivers, a
 * validator that falls behind catches up by sync) while timeouts and local tasks wait for room.
 */
public final class ConsensusService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusService.class);
  private static final Runnable STOP = () -> {};

  private final BlockingQueue<Runnable> queue;
  private final Thread thread;
  private final ScheduledExecutorService timers;
  private volatile boolean running;
  private volatile long dropped;

  public ConsensusService(String name, int capacity) {
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-timers");
      t.setDaemon(true);
      return t;
    });
  }

  /** Timeouts that run on the consensus thread; time is the wall clock in milliseconds. */
  public Scheduler scheduler() {
    return new Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        if (running) {
          timers.schedule(() -> enqueue(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        }
      }

      @Override
      public long nowMillis() {
        return System.currentTimeMillis();
      }
    };
  }

  /** Starts the thread; {@code first} (e.g. the engine's start) is its first task. */
  public void start(Runnable first) {
    running = true;
    queue.add(first);
    thread.start();
  }

  /** A message from the network: dropped, and counted, when the queue is full. */
  public boolean offer(Runnable task) {
    if (!running) {
      return false;
    }
    if (!queue.offer(task)) {
      dropped++;
      if (Long.bitCount(dropped) == 1) {
        LOG.warn("consensus queue full: {} network messages dropped so far", dropped);
      }
      return false;
    }
    return true;
  }

  /** A local task (timeout, committed block from sync): waits for room in the queue. */
  public void enqueue(Runnable task) {
    if (!running) {
      return;
    }
    try {
      queue.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code query} on the consensus thread, e.g. to read engine state for an API call. */
  public <T> CompletableFuture<T> call(Supplier<T> query) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (!running) {
      f.completeExceptionally(new IllegalStateException("consensus is stopped"));
      return f;
    }
    enqueue(() -> {
      try {
        f.complete(query.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  public boolean onConsensusThread() {
    return Thread.currentThread() == thread;
  }

  public int queued() {
    return queue.size();
  }

  public long dropped() {
    return dropped;
  }

  private void loop() {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // A bug in handling one message must not stop the validator; it is logged loudly.
        LOG.error("consensus task failed", e);
      } catch (Error e) {
        LOG.error("consensus thread stops on a fatal error", e);
        throw e;
      }
    }
  }

  /** Stops the timers and the thread; tasks still queued are dropped. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    timers.shutdownNow();
    queue.clear();
    try {
      queue.put(STOP);
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
