package io.fedchain.p2p.robustness;

import io.fedchain.p2p.host.P2PMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the transport's metric events by name ({@code opened}, {@code closed},
 * {@code failed:<stage>}, {@code error:<layer>}, {@code streamRefused}); thread-safe, since the
 * node calls it from its event loops while the test reads.
 */
final class CountingP2PMetrics implements P2PMetrics {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  long count(String event) {
    AtomicLong c = counts.get(event);
    return c == null ? 0 : c.get();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void inc(String event) {
    counts.computeIfAbsent(event, k -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void connectionOpened(boolean outbound) {
    inc("opened");
  }

  @Override
  public void connectionClosed(boolean outbound) {
    inc("closed");
  }

  @Override
  public void connectionFailed(String stage) {
    inc("failed:" + stage);
  }

  @Override
  public void connectionError(String layer) {
    inc("error:" + layer);
  }

  @Override
  public void streamRefused() {
    inc("streamRefused");
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
