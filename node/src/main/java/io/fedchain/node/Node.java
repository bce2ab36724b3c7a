package io.fedchain.node;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Event;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.consensus.ConsensusService;
import io.fedchain.consensus.Outbox;
import io.fedchain.consensus.Proposal;
import io.fedchain.consensus.TendermintEngine;
import io.fedchain.consensus.fl.FlApp;
import io.fedchain.consensus.fl.Mempool;
import io.fedchain.consensus.fl.ScoringJudge;
import io.fedchain.consensus.fl.UpdateJudge;
import io.fedchain.consensus.store.DatabaseLedger;
import io.fedchain.consensus.store.KvVoteWal;
import io.fedchain.chain.store.ChainDatabase;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.DatasetFiles;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.node.wire.Wire;
import io.fedchain.p2p.P2PNetwork;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.ConnectionGater;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.chain.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fedchain node: libp2p (permissioned by the chain's membership), the consensus engine on its
 * own thread, the chain on RocksDB, the trainer role (trains each round on the member's data and
 * gossips its update), the validator role (judges updates on the member's validation data), sync,
 * the HTTP API and metrics. {@link #start} returns once the node runs; {@link #close} stops it
 * cleanly, and a node started again on the same home resumes from its database.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeConfig config;
  private final ChainKey key;
  private final Genesis genesis;
  private final ModelSpec spec;
  private final NodeMetrics metrics = new NodeMetrics();
  private final RocksDbKvStore kv;
  private final DatabaseLedger ledger;
  private final Mempool mempool;
  private final FlApp app;
  private final ConsensusService consensus;
  private final TendermintEngine engine;
  private final P2PNetwork net;
  private final SyncService sync;
  private final Optional<TrainerService> trainer;
  private final Optional<ValidationScorer> scorer;
  private final Optional<Dataset> validation;
  private final ExecutorService evaluator = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "evaluator");
    t.setDaemon(true);
    return t;
  });
  /** Peers the gater allows: the members at the head (consensus thread). */
  private List<PeerId> allowed;
  private boolean disconnected;
  private volatile EngineView view = new EngineView(0, 0, "none");
  private ValidationScorer evalScorer;
  private volatile double accuracy = Double.NaN;
  private volatile long accuracyVersion = -1;
  private HttpApi api;

  /** The engine's position, published by the consensus thread for other threads to read. */
  public record EngineView(long height, int round, String step) {}

  public Node(NodeConfig config, ChainKey key, Genesis genesis) {
    this.config = config;
    this.key = key;
    this.genesis = genesis;
    this.spec = ModelSpec.parse(genesis.modelSpec());
    MemberId me = key.id();
    if (genesis.members().stream().noneMatch(a -> a.id().equals(me))) {
      throw new IllegalArgumentException("key " + me.peerId() + " is not a member of chain " + genesis.chainId()
          + " (genesis " + genesis.hash().shortHex() + "): a node runs with a member's key");
    }
    Optional<Dataset> train = config.localData().flatMap(d -> optionalData(d, "train"));
    this.validation = config.localData().flatMap(d -> optionalData(d, "validation"));
    try {
      Files.createDirectories(config.home());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot create the home directory " + config.home() + ": " + e.getMessage());
    }
    this.kv = RocksDbKvStore.open(config.dbDir(), Schema.DEFINITION);
    try {
      this.ledger = new DatabaseLedger(ChainDatabase.over(kv), genesis);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
    this.mempool = new Mempool(genesis.chainId(), 10_000);
    this.scorer = config.validate() ? validation.map(v -> new ValidationScorer(spec.newModel(), v)) : Optional.empty();
    UpdateJudge judge = scorer.<UpdateJudge>map(s -> timed(new ScoringJudge(s))).orElse(UpdateJudge.ACCEPT_ALL);
    this.consensus = new ConsensusService("consensus", 50_000);
    this.app = new FlApp(key, ledger, mempool, judge, this::onEvents);

    Identity identity = Identity.fromSeed(key.seed());
    List<PeerId> members = memberPeers(ledger.head());
    this.allowed = members;
    HostConfig host = HostConfig.defaults(identity).withListen(List.of(config.listen()))
        .withGater(new ConnectionGater.AllowList(members));
    this.net = new P2PNetwork(P2PNetwork.Config.defaults(host).withStaticPeers(config.peers()), metrics.p2p(),
        metrics.gossip());
    Outbox outbox = new Outbox() {
      @Override
      public void broadcast(Proposal p) {
        if (!sync.syncing()) {
          byte[] b = Proposal.CODEC.encode(p);
          remember(p.height(), Wire.PROPOSALS, b);
          publish(Wire.PROPOSALS, b);
        }
      }

      @Override
      public void broadcast(Vote v) {
        if (!sync.syncing()) {
          byte[] b = Vote.CODEC.encode(v);
          remember(v.height(), Wire.VOTES, b);
          publish(Wire.VOTES, b);
        }
      }

      @Override
      public void evidence(TxBody.Evidence e) {
        submitTx(e);
      }

      @Override
      public void behind(long height) {
        sync.behind(height);
      }
    };
    io.fedchain.consensus.Scheduler timers = consensus.scheduler();
    io.fedchain.consensus.Scheduler scheduler = new io.fedchain.consensus.Scheduler() {
      @Override
      public void schedule(long delayMillis, Runnable task) {
        timers.schedule(delayMillis, () -> {
          task.run();
          publishView();
        });
      }

      @Override
      public long nowMillis() {
        return timers.nowMillis();
      }
    };
    this.engine = new TendermintEngine(key, app, outbox, scheduler, new KvVoteWal(kv), metrics.consensus());
    engine.setCommitDelayMillis(config.commitDelayMillis());
    this.sync = new SyncService(net, genesis.chainId(), ledger, consensus, app, engine, metrics);
    Member self = ledger.head().members().get(me);
    boolean trains = config.train() && self != null && self.roles().trainer();
    if (trains && train.isEmpty()) {
      LOG.warn("this member has the trainer role but no training data (train-*-idx files in --local-data): it will"
          + " not train");
    }
    this.trainer = trains && train.isPresent()
        ? Optional.of(new TrainerService(key, ledger, spec, train.get(), config.training(), config.seed(),
            config.attack().map(Attack::parse), this::sendUpdate, metrics))
        : Optional.empty();
    registerGauges();
  }

  private static Optional<Dataset> optionalData(Path dir, String prefix) {
    if (!Files.isRegularFile(DatasetFiles.imagesFile(dir, prefix))) {
      return Optional.empty();
    }
    return Optional.of(DatasetFiles.read(dir, prefix, 10));
  }

  private UpdateJudge timed(UpdateJudge inner) {
    return new UpdateJudge() {
      @Override
      public ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates,
          List<float[]> deltas) {
        return judge(head, base, updates, deltas, 0);
      }

      @Override
      public ConsensusApp.Verdict judge(ChainState head, float[] base, List<TxBody.Update> updates,
          List<float[]> deltas, int context) {
        long t0 = System.nanoTime();
        ConsensusApp.Verdict v = inner.judge(head, base, updates, deltas, context);
        metrics.scored(System.nanoTime() - t0);
        boolean[] a = v.accepted();
        for (int i = context; i < a.length; i++) {
          metrics.verdict(a[i]);
        }
        return v;
      }
    };
  }

  private void registerGauges() {
    metrics.gauge("fedchain.p2p.peers", "Connected peers", () -> net.connectedPeers().size());
    metrics.gauge("fedchain.chain.head.height", "Height of the last committed block", () -> ledger.head().height());
    metrics.gauge("fedchain.mempool.size", "Transactions waiting in the mempool", () -> mempool.size());
    metrics.gauge("fedchain.consensus.queue.size", "Events waiting for the consensus thread", consensus::queued);
    metrics.gauge("fedchain.sync.syncing", "1 while the node catches up", () -> sync.syncing() ? 1 : 0);
    metrics.gauge("fedchain.storage.size.bytes", "Size of the node's database directory", this::dbSize);
  }

  private long dbSizeCache;
  private long dbSizeAt;

  private synchronized long dbSize() {
    long now = System.currentTimeMillis();
    if (now - dbSizeAt > 5_000) {
      try (Stream<Path> s = Files.walk(config.dbDir())) {
        dbSizeCache = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // files come and go under compaction: keep the last figure
      }
      dbSizeAt = now;
    }
    return dbSizeCache;
  }

  private static List<PeerId> memberPeers(ChainState head) {
    List<PeerId> out = new ArrayList<>();
    for (MemberId m : head.members().keySet()) {
      out.add(PeerId.fromBase58(m.peerId()));
    }
    return out;
  }

  /** Starts networking, catches up from peers, then starts consensus and the roles. */
  public void start() {
    String chainId = genesis.chainId();
    subscribe(Wire.VOTES, b -> Vote.CODEC.decode(b, Limits.MAX_VOTE_BYTES), (Vote v) -> v.verify(chainId),
        v -> consensus.offer(() -> {
          engine.onVote(v);
          publishView();
        }));
    subscribe(Wire.PROPOSALS, b -> Proposal.CODEC.decode(b, Limits.MAX_BLOCK_BYTES + 4096),
        (Proposal p) -> p.verify(chainId), p -> consensus.offer(() -> {
          engine.onProposal(p);
          publishView();
        }));
    subscribe(Wire.UPDATES, b -> Wire.UpdateMessage.CODEC.decode(b, Wire.MAX_DELTA_BYTES + Limits.MAX_TX_BYTES + 64),
        (Wire.UpdateMessage m) -> m.tx().body() instanceof TxBody.Update u
            && io.fedchain.chain.crypto.Hash32.sha256(m.delta()).equals(u.deltaHash()) && m.tx().verify(chainId),
        m -> consensus.offer(() -> addToMempool(m.tx(), Optional.of(m.delta()))));
    subscribe(Wire.TXS, b -> SignedTx.CODEC.decode(b, Limits.MAX_TX_BYTES),
        (SignedTx t) -> !(t.body() instanceof TxBody.Update) && t.verify(chainId),
        t -> consensus.offer(() -> addToMempool(t, Optional.empty())));
    sync.registerProtocols();
    net.start();
    LOG.info("node {} of chain {} listening on {}", key.id().peerId(), chainId, net.listenAddrs());
    if (config.http().isPresent()) {
      api = new HttpApi(this, config.http().get());
      api.start();
      LOG.info("HTTP API on http://{}:{}", api.address().getHostString(), api.address().getPort());
    }
    // A chain whose genesis time is ahead starts then (its first FL round's deadline counts from it).
    long wait = genesis.genesisTimeMillis() - System.currentTimeMillis();
    if (wait > 0 && ledger.head().height() == 0) {
      LOG.info("waiting {} ms for the genesis time {}", wait, java.time.Instant.ofEpochMilli(genesis.genesisTimeMillis()));
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    // Consensus runs from the start (fetched blocks go through the engine, which checks their
    // certificates), but the node sends no votes or proposals until it has caught up with its peers.
    consensus.start(() -> {
      engine.start();
      scheduleRebroadcast();
      publishView();
      trainer.ifPresent(t -> t.onHead(ledger.head()));
    });
    long reached = sync.initialSync(config.syncWaitMillis());
    LOG.info("caught up at height {} (model version {}); voting from height {}", reached,
        ledger.head().round().round(), reached + 1);
    evaluateModel(ledger.head());
  }

  private <T> void subscribe(String name, Function<byte[], T> decode, java.util.function.Predicate<T> check,
      java.util.function.Consumer<T> deliver) {
    String topic = Wire.topic(genesis.chainId(), name);
    net.subscribe(topic, new TopicHandler() {
      @Override
      public ValidationResult validate(GossipMessage m) {
        T v;
        try {
          v = decode.apply(m.data());
        } catch (DecodingException | IllegalArgumentException e) {
          metrics.rejectedMessage(name, "malformed");
          return ValidationResult.reject("malformed " + name + ": " + e.getMessage());
        }
        if (!check.test(v)) {
          metrics.rejectedMessage(name, "invalid");
          return ValidationResult.reject("invalid " + name + " (signature or hash)");
        }
        return ValidationResult.accept();
      }

      @Override
      public void deliver(GossipMessage m) {
        deliver.accept(decode.apply(m.data()));
      }
    });
  }

  private void publish(String name, byte[] data) {
    net.publish(Wire.topic(genesis.chainId(), name), data).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("publishing on {} failed: {}", name, e.toString());
      }
    });
  }

  /** This height's own proposal and votes, as sent (consensus thread). */
  private final List<byte[][]> sent = new ArrayList<>();
  private long sentHeight;
  private long lastProgressHeight = -1;
  private long lastProgressAt;

  private void remember(long height, String topic, byte[] bytes) {
    if (height != sentHeight) {
      sent.clear();
      sentHeight = height;
    }
    sent.add(new byte[][] {topic.getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes});
  }

  /**
   * Gossip gives no delivery guarantee (a message published before a peer's subscription arrived,
   * or while a connection was down, is lost), and Tendermint waits for votes without timeouts in
   * some steps. So, as CometBFT's reactor re-gossips votes peers lack, a node whose height has not
   * moved for a while sends its own proposal and votes of the height again. Receivers drop
   * duplicates; the cost is a few hundred bytes per vote.
   */
  private void rebroadcastIfStalled() {
    long h = ledger.head().height();
    long now = System.currentTimeMillis();
    if (h != lastProgressHeight) {
      lastProgressHeight = h;
      lastProgressAt = now;
      return;
    }
    long stall = Math.max(2_000, ledger.head().params().voteTimeoutMillis() * 2);
    if (now - lastProgressAt >= stall && sentHeight == h + 1 && !sent.isEmpty()) {
      LOG.debug("height {} stalled for {} ms: sending my {} messages of it again", h + 1, now - lastProgressAt,
          sent.size());
      metrics.rebroadcast(sent.size());
      for (byte[][] m : sent) {
        publish(new String(m[0], java.nio.charset.StandardCharsets.UTF_8), m[1]);
      }
      lastProgressAt = now;
    }
  }

  private void scheduleRebroadcast() {
    consensus.scheduler().schedule(1_000, () -> {
      rebroadcastIfStalled();
      scheduleRebroadcast();
    });
  }

  /** Consensus thread. */
  private void addToMempool(SignedTx tx, Optional<byte[]> delta) {
    Optional<String> refused = mempool.add(ledger.head(), tx, delta);
    refused.ifPresent(r -> LOG.debug("mempool refused {} from {}: {}", tx.hash().shortHex(), tx.signer(), r));
  }

  /** Trainer thread: the update goes to this node's mempool and to the network. */
  private void sendUpdate(SignedTx tx, byte[] delta) {
    consensus.enqueue(() -> addToMempool(tx, Optional.of(delta)));
    publish(Wire.UPDATES, Wire.UpdateMessage.CODEC.encode(new Wire.UpdateMessage(tx, delta)));
  }

  /** Consensus thread: evidence of equivocation becomes a transaction of this validator. */
  private void submitTx(TxBody body) {
    Member me = ledger.head().members().get(key.id());
    if (me == null) {
      return;
    }
    SignedTx tx = SignedTx.sign(key, genesis.chainId(), body, me.nonce());
    addToMempool(tx, Optional.empty());
    publish(Wire.TXS, SignedTx.CODEC.encode(tx));
  }

  /** Consensus thread, after each commit. */
  private void onEvents(List<Event> events) {
    ChainState head = ledger.head();
    for (Event e : events) {
      if (e instanceof Event.UpdateAccepted) {
        metrics.update("accepted", "stake");
      } else if (e instanceof Event.UpdateRejected) {
        metrics.update("rejected", "stake");
      } else if (e instanceof Event.RoundClosed rc) {
        LOG.info("FL round {} closed at height {}: {} updates, model version {} ({})", rc.round(), head.height(),
            rc.updates(), rc.newModelVersion(), rc.newModelHash().shortHex());
        evaluateModel(head);
      } else if (e instanceof Event.Slashed s) {
        LOG.warn("validator {} slashed {} for equivocating at {}/{}", s.validator(), s.amount(), s.height(), s.round());
      } else if (e instanceof Event.TrainerSuspended ts) {
        LOG.warn("trainer {} suspended until round {}", ts.trainer(), ts.untilRound());
      }
    }
    List<PeerId> members = memberPeers(head);
    if (!members.equals(allowed)) {
      LOG.info("membership changed: {} members", members.size());
      allowed = members;
      if (!disconnected) {
        net.setAllowedPeers(members);
      }
    }
    publishView();
    trainer.ifPresent(t -> t.onHead(head));
  }

  private void publishView() {
    view = new EngineView(engine.height(), engine.round(), engine.step() == null ? "none"
        : engine.step().name().toLowerCase(java.util.Locale.ROOT));
    metrics.modelVersion(ledger.head().round().round());
  }

  private void evaluateModel(ChainState head) {
    if (validation.isEmpty()) {
      return;
    }
    long version = head.round().round();
    evaluator.execute(() -> {
      ledger.model(head.round().modelHash()).ifPresent(m -> {
        if (evalScorer == null) {
          // The judge's scorer belongs to the consensus thread; this thread has its own.
          evalScorer = new ValidationScorer(spec.newModel(), validation.get());
        }
        double acc = evalScorer.evaluate(m).accuracy();
        if (version >= accuracyVersion) {
          accuracy = acc;
          accuracyVersion = version;
          metrics.modelAccuracy(acc);
        }
      });
    });
  }

  /** Devnet perturbation: drops every peer and refuses them until {@link #reconnect}. */
  public void disconnect() {
    consensus.enqueue(() -> {
      LOG.warn("disconnecting from every peer (admin request)");
      disconnected = true;
      net.setAllowedPeers(List.of());
    });
  }

  public void reconnect() {
    consensus.enqueue(() -> {
      LOG.warn("reconnecting to peers (admin request)");
      disconnected = false;
      net.setAllowedPeers(allowed);
    });
  }

  // --- read access for the HTTP API (any thread) ---

  public NodeConfig config() {
    return config;
  }

  public Genesis genesis() {
    return genesis;
  }

  public ModelSpec modelSpec() {
    return spec;
  }

  public MemberId id() {
    return key.id();
  }

  public DatabaseLedger ledger() {
    return ledger;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public EngineView engineView() {
    return view;
  }

  public P2PNetwork network() {
    return net;
  }

  public boolean syncing() {
    return sync.syncing();
  }

  public double accuracy() {
    return accuracy;
  }

  public long accuracyVersion() {
    return accuracyVersion;
  }

  public String trainerState() {
    return trainer.map(TrainerService::state).orElse("not a trainer");
  }

  public int mempoolSize() {
    return mempool.size();
  }

  public Optional<java.net.InetSocketAddress> httpAddress() {
    return Optional.ofNullable(api).map(HttpApi::address);
  }

  /** Stops the API, the roles, consensus, the network, then closes the database. */
  @Override
  public void close() {
    LOG.info("stopping node at height {}", ledger.head().height());
    if (api != null) {
      api.close();
    }
    trainer.ifPresent(TrainerService::close);
    evaluator.shutdownNow();
    sync.close();
    consensus.close();
    net.close();
    try {
      evaluator.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kv.close();
  }
}
