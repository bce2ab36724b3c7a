package io.fedchain.p2p.reqresp;

import io.fedchain.p2p.identity.PeerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per peer: {@code perSecond} requests on average, bursts up to {@code burst}. */
final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Map<PeerId, double[]> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, double burst, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /** Takes one token from the peer's bucket; false when it is empty. */
  boolean tryAcquire(PeerId peer) {
    long now = nanoClock.getAsLong();
    double[] b = buckets.computeIfAbsent(peer, p -> new double[] {burst, now});
    synchronized (b) {
      double elapsed = (now - (long) b[1]) / 1e9;
      b[0] = Math.min(burst, b[0] + elapsed * perSecond);
      b[1] = now;
      if (b[0] >= 1) {
        b[0] -= 1;
        return true;
      }
      return false;
    }
  }

  void forget(PeerId peer) {
    buckets.remove(peer);
  }
}
