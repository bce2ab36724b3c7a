package io.fedchain.p2p.robustness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test that leaves behind any sign of a node throwing out of its handlers: a WARN or ERROR
 * log from any logger (Netty logs an exception that reaches the end of a pipeline, or a task that
 * throws on an event loop, at WARN; the node logs what its handlers and its gossip thread catch at
 * WARN or ERROR), an uncaught exception on any thread, or a leaked Netty buffer (leak detection is
 * PARANOID while a test runs).
 *
 * <p>Leak detection sees the buffers an allocator made: socket reads, yamux's reassembly buffers,
 * outbound frames. Above Noise the plaintext wraps plain arrays, which no allocator tracks; an
 * unreleased one there is ordinary garbage. A leak is reported when the garbage collector finds the
 * buffer, so possibly one test late; either way the suite fails.
 */
final class Tripwire implements BeforeEachCallback, AfterEachCallback {
  private final List<String> problems = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
        record(e.getLevel() + " " + e.getLoggerName() + " [" + e.getThreadName() + "]: " + e.getFormattedMessage()
            + describe(e.getThrowableProxy()));
      }
    }
  };
  private Thread.UncaughtExceptionHandler previousHandler;
  private ResourceLeakDetector.Level previousLevel;

  private synchronized void record(String problem) {
    problems.add(problem);
  }

  private static String describe(IThrowableProxy t) {
    return t == null ? "" : " (" + t.getClassName() + ": " + t.getMessage() + ")";
  }

  private synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    previousLevel = ResourceLeakDetector.getLevel();
    // Leaks of earlier tests (outside this package) are flushed out before we start listening.
    sweepLeaks();
    synchronized (this) {
      problems.clear();
    }
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    appender.setContext(root().getLoggerContext());
    appender.start();
    root().addAppender(appender);
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> record("uncaught on " + thread.getName() + ": " + e));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      sweepLeaks();
    } finally {
      root().detachAppender(appender);
      appender.stop();
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
      ResourceLeakDetector.setLevel(previousLevel);
    }
    List<String> seen = problems();
    if (!seen.isEmpty() && context.getExecutionException().isEmpty()) {
      throw new AssertionError("the node showed " + seen.size() + " sign(s) of failing under attack, the first:\n  "
          + String.join("\n  ", seen.subList(0, Math.min(20, seen.size()))));
    }
  }

  /**
   * Netty reports a leaked buffer when a later allocation finds it collected: collect, then
   * allocate a few tracked buffers.
   */
  private static void sweepLeaks() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(1);
      b.release();
      b = PooledByteBufAllocator.DEFAULT.heapBuffer(1);
      b.release();
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
