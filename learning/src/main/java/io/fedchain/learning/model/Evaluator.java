package io.fedchain.learning.model;

import io.fedchain.learning.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates a model on a dataset with several threads. The data is cut into fixed chunks whose
 * results are summed in chunk order, so the numbers do not depend on the number of threads.
 */
public final class Evaluator implements AutoCloseable {
  private static final int CHUNK = 1024;

  private final ModelSpec spec;
  private final ExecutorService pool;
  private final ThreadLocal<Model> models;
  private final Model local;

  public Evaluator(ModelSpec spec, int threads) {
    this.spec = spec;
    this.models = ThreadLocal.withInitial(spec::newModel);
    this.local = spec.newModel();
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "evaluator");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  public ModelSpec spec() {
    return spec;
  }

  public Evaluation evaluate(float[] params, Dataset data) {
    if (pool == null || data.size() <= CHUNK) {
      synchronized (local) {
        return local.evaluate(params, data);
      }
    }
    List<Future<Evaluation>> parts = new ArrayList<>();
    for (int start = 0; start < data.size(); start += CHUNK) {
      int from = start;
      int to = Math.min(data.size(), start + CHUNK);
      parts.add(pool.submit(() -> models.get().evaluate(params, data, from, to)));
    }
    Evaluation total = Evaluation.EMPTY;
    try {
      for (Future<Evaluation> part : parts) {
        total = total.plus(part.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evaluating", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
    }
    return total;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
