package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node connected to its static peers and bootnodes: dials each one that is not
 * connected, and after a failure waits twice as long as before (from {@code minBackoff} up to
 * {@code maxBackoff}) before the next attempt. Peers added without a peer id are dialed but cannot
 * be recognised as connected until the dial succeeds.
 */
public final class PeerManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerManager.class);

  private static final class Target {
    final Multiaddr addr;
    volatile PeerId peer;
    volatile long nextAttempt;
    volatile long backoffNanos;
    volatile boolean dialing;

    Target(Multiaddr addr) {
      this.addr = addr;
      this.peer = addr.peerId().orElse(null);
    }
  }

  private final Host host;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final LongSupplier clock;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  public PeerManager(Host host, Duration minBackoff, Duration maxBackoff) {
    this(host, minBackoff, maxBackoff, System::nanoTime);
  }

  PeerManager(Host host, Duration minBackoff, Duration maxBackoff, LongSupplier clock) {
    this.host = host;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "peer-manager");
      t.setDaemon(true);
      return t;
    });
  }

  public void start(Duration tick) {
    timer.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void addStaticPeers(List<Multiaddr> addrs) {
    for (Multiaddr a : addrs) {
      if (a.peerId().map(p -> !p.equals(host.peerId())).orElse(true)) {
        targets.putIfAbsent(a.toString(), new Target(a));
      }
    }
  }

  public void removeStaticPeer(Multiaddr addr) {
    targets.remove(addr.toString());
  }

  /** One pass: dial every target that is neither connected, nor being dialed, nor backing off. */
  void tick() {
    long now = clock.getAsLong();
    for (Target t : targets.values()) {
      if (t.dialing || now < t.nextAttempt) {
        continue;
      }
      if (t.peer != null && host.connection(t.peer).isPresent()) {
        t.backoffNanos = 0;
        continue;
      }
      t.dialing = true;
      host.dial(t.addr).whenComplete((c, error) -> {
        t.dialing = false;
        if (error == null) {
          t.peer = c.remotePeer();
          t.backoffNanos = 0;
          t.nextAttempt = 0;
        } else {
          long next = t.backoffNanos == 0 ? minBackoff.toNanos() : Math.min(maxBackoff.toNanos(), t.backoffNanos * 2);
          t.backoffNanos = next;
          t.nextAttempt = clock.getAsLong() + next;
          LOG.debug("dial {} failed ({}); next attempt in {} ms", t.addr, error.getMessage(), next / 1_000_000);
        }
      });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
