package io.fedchain.node;

import io.fedchain.consensus.ConsensusMetrics;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.host.P2PMetrics;
import io.fedchain.p2p.identity.PeerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The node's metrics in one Micrometer registry, scraped as Prometheus text at {@code /metrics}.
 * Names follow CometBFT's consensus metrics where they overlap; every name starts with
 * {@code fedchain_}. The list is in node/README.md, and devnet/monitoring's dashboards use only
 * names listed there (a devnet test checks them against a live node).
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Gauges need a stable holder per topic. */
  private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> meshSizes =
      new java.util.concurrent.ConcurrentHashMap<>();

  // consensus
  private final AtomicLong height = new AtomicLong();
  private final AtomicLong round = new AtomicLong();
  private final AtomicLong missingStake = new AtomicLong();
  private final AtomicLong totalStake = new AtomicLong();
  private final AtomicLong byzantineStake = new AtomicLong();
  private final Timer commitLatency;
  private final Counter blocks;
  private final Counter txs;
  private final Counter lateVotes;
  // learning
  private final AtomicLong modelVersion = new AtomicLong();
  private final AtomicLong accuracyE4 = new AtomicLong(-1);
  private final Timer training;
  private final Timer scoring;
  // p2p
  private final Counter bytesIn;
  private final Counter bytesOut;

  public NodeMetrics() {
    Gauge.builder("fedchain.consensus.height", height, AtomicLong::get)
        .description("Height of the block being decided").register(registry);
    Gauge.builder("fedchain.consensus.round", round, AtomicLong::get)
        .description("Consensus round at the current height").register(registry);
    Gauge.builder("fedchain.consensus.missing.stake", missingStake, AtomicLong::get)
        .description("Stake of validators whose precommit is missing from the last commit certificate")
        .register(registry);
    Gauge.builder("fedchain.consensus.total.stake", totalStake, AtomicLong::get)
        .description("Total validator stake at the last commit").register(registry);
    Gauge.builder("fedchain.consensus.byzantine.stake", byzantineStake, AtomicLong::get)
        .description("Stake of validators caught equivocating").register(registry);
    commitLatency = Timer.builder("fedchain.consensus.commit.latency")
        .description("Time from a height's start to its commit").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
    blocks = Counter.builder("fedchain.consensus.blocks").description("Blocks committed").register(registry);
    txs = Counter.builder("fedchain.consensus.txs").description("Transactions committed").register(registry);
    lateVotes = Counter.builder("fedchain.consensus.late.votes")
        .description("Votes for a height or round already decided").register(registry);
    Gauge.builder("fedchain.learning.model.version", modelVersion, AtomicLong::get)
        .description("Version of the global model (the FL round it starts)").register(registry);
    Gauge.builder("fedchain.learning.model.accuracy", accuracyE4, a -> a.get() < 0 ? Double.NaN : a.get() / 10_000.0)
        .description("Accuracy of the global model on this node's validation data").register(registry);
    training = Timer.builder("fedchain.learning.training").description("Local training of one round")
        .register(registry);
    scoring = Timer.builder("fedchain.learning.scoring").description("Scoring a batch of updates on validation data")
        .register(registry);
    bytesIn = Counter.builder("fedchain.p2p.bytes.in").description("Bytes received on connections").register(registry);
    bytesOut = Counter.builder("fedchain.p2p.bytes.out").description("Bytes sent on connections").register(registry);
    preRegisterLabelled();
  }

  /**
   * Counters and timers named with label values are created on first use; creating the known
   * combinations up front lets a fresh node expose every series its dashboards query (at zero).
   */
  private void preRegisterLabelled() {
    for (String outcome : new String[] {"accepted", "rejected"}) {
      registry.counter("fedchain.learning.updates", "outcome", outcome, "reason", "stake");
    }
    for (String verdict : new String[] {"accept", "reject"}) {
      registry.counter("fedchain.learning.verdicts", "verdict", verdict);
    }
    for (String step : new String[] {"propose", "prevote", "precommit"}) {
      registry.timer("fedchain.consensus.step.duration", "step", step);
    }
    for (String topic : new String[] {"updates", "proposals", "votes", "txs"}) {
      registry.counter("fedchain.gossip.messages.received", "topic", topic);
      registry.counter("fedchain.gossip.messages.delivered", "topic", topic);
      registry.counter("fedchain.gossip.duplicates", "topic", topic);
      meshGauge(topic);
    }
  }

  private AtomicLong meshGauge(String topic) {
    return meshSizes.computeIfAbsent(topic, t -> {
      AtomicLong a = new AtomicLong();
      Gauge.builder("fedchain.gossip.mesh.peers", a, AtomicLong::get).tag("topic", t)
          .description("Peers in this node's gossipsub mesh of the topic").register(registry);
      return a;
    });
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public void modelVersion(long v) {
    modelVersion.set(v);
  }

  public void modelAccuracy(double acc) {
    accuracyE4.set(Math.round(acc * 10_000));
  }

  public void trained(long nanos) {
    training.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void scored(long nanos) {
    scoring.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An update's fate in a committed block: {@code outcome} accepted or rejected. */
  public void update(String outcome, String reason) {
    registry.counter("fedchain.learning.updates", "outcome", outcome, "reason", reason).increment();
  }

  /** This validator's own verdict on an update it checked. */
  public void verdict(boolean accept) {
    registry.counter("fedchain.learning.verdicts", "verdict", accept ? "accept" : "reject").increment();
  }

  public void rejectedMessage(String topic, String reason) {
    registry.counter("fedchain.node.rejected.messages", "topic", topic, "reason", reason).increment();
  }

  /** Own messages of a stalled height sent again. */
  public void rebroadcast(int n) {
    registry.counter("fedchain.consensus.rebroadcast.messages").increment(n);
  }

  public void syncedBlocks(int n) {
    registry.counter("fedchain.sync.blocks").increment(n);
  }

  public ConsensusMetrics consensus() {
    return new ConsensusMetrics() {
      @Override
      public void height(long h) {
        height.set(h);
      }

      @Override
      public void round(int r) {
        round.set(r);
      }

      @Override
      public void stepDuration(String step, long millis) {
        registry.timer("fedchain.consensus.step.duration", "step", step).record(millis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void committed(long h, int r, long millisSinceHeightStart, int n) {
        commitLatency.record(millisSinceHeightStart, TimeUnit.MILLISECONDS);
        blocks.increment();
        txs.increment(n);
        registry.counter("fedchain.consensus.commit.rounds", "round", r == 0 ? "0" : r == 1 ? "1" : "2+").increment();
      }

      @Override
      public void missingStake(long stake, long total) {
        missingStake.set(stake);
        totalStake.set(total);
      }

      @Override
      public void byzantineStake(long stake) {
        byzantineStake.addAndGet(stake);
      }

      @Override
      public void lateVote() {
        lateVotes.increment();
      }

      @Override
      public void invalidProposal(String reason) {
        registry.counter("fedchain.consensus.invalid.proposals", "reason", reason).increment();
      }
    };
  }

  public P2PMetrics p2p() {
    return new P2PMetrics() {
      @Override
      public void connectionOpened(boolean outbound) {
        registry.counter("fedchain.p2p.connections.opened", "direction", outbound ? "out" : "in").increment();
      }

      @Override
      public void connectionClosed(boolean outbound) {
        registry.counter("fedchain.p2p.connections.closed", "direction", outbound ? "out" : "in").increment();
      }

      @Override
      public void connectionFailed(String stage) {
        registry.counter("fedchain.p2p.connection.failures", "stage", stage).increment();
      }

      @Override
      public void connectionError(String layer) {
        registry.counter("fedchain.p2p.connection.errors", "layer", layer).increment();
      }

      @Override
      public void bytesIn(long n) {
        bytesIn.increment(n);
      }

      @Override
      public void bytesOut(long n) {
        bytesOut.increment(n);
      }

      @Override
      public void streamRefused() {
        registry.counter("fedchain.p2p.streams.refused").increment();
      }
    };
  }

  public GossipMetrics gossip() {
    return new GossipMetrics() {
      @Override
      public void messageReceived(String topic) {
        registry.counter("fedchain.gossip.messages.received", "topic", shortTopic(topic)).increment();
      }

      @Override
      public void messageDelivered(String topic) {
        registry.counter("fedchain.gossip.messages.delivered", "topic", shortTopic(topic)).increment();
      }

      @Override
      public void duplicateMessage(String topic) {
        registry.counter("fedchain.gossip.duplicates", "topic", shortTopic(topic)).increment();
      }

      @Override
      public void invalidMessage(String topic, String reason) {
        registry.counter("fedchain.gossip.invalid.messages", "topic", shortTopic(topic)).increment();
      }

      @Override
      public void ignoredMessage(String topic) {
        registry.counter("fedchain.gossip.ignored.messages", "topic", shortTopic(topic)).increment();
      }

      @Override
      public void malformedRpc(PeerId peer, String reason) {
        registry.counter("fedchain.gossip.malformed.rpcs").increment();
      }

      @Override
      public void meshSize(String topic, int size) {
        meshGauge(shortTopic(topic)).set(size);
      }
    };
  }

  /** {@code /fedchain/<chain>/votes/ssz} -> {@code votes}: a bounded label set. */
  static String shortTopic(String topic) {
    String[] parts = topic.split("/");
    return parts.length >= 4 && parts[1].equals("fedchain") ? parts[3] : "other";
  }
}
