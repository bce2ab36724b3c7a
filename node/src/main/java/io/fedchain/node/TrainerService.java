package io.fedchain.node;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.LocalUpdate;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.learning.util.SeededRandom;
import io.fedchain.consensus.fl.LedgerStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer role: when an FL round starts (the block that sets model version r commits), trains
 * model r on the member's own data on a worker thread, encodes the delta with the chain's codec,
 * signs the update transaction and hands it to the node to gossip. One update per round.
 *
 * <p>A devnet attacker trains on poisoned data and/or tampers with its delta ({@link Attack}).
 */
final class TrainerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  private final ChainKey key;
  private final LedgerStore ledger;
  private final ModelSpec spec;
  private final Dataset data;
  private final TrainingConfig training;
  private final long seed;
  private final Optional<Attack> attack;
  private final BiConsumer<SignedTx, byte[]> send;
  private final NodeMetrics metrics;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "trainer");
    t.setDaemon(true);
    return t;
  });
  private long lastRound = -1;
  private volatile String state = "idle";

  TrainerService(ChainKey key, LedgerStore ledger, ModelSpec spec, Dataset data, TrainingConfig training, long seed,
      Optional<Attack> attack, BiConsumer<SignedTx, byte[]> send, NodeMetrics metrics) {
    this.key = key;
    this.ledger = ledger;
    this.spec = spec;
    this.attack = attack;
    this.data = attack.map(a -> a.poison(data)).orElse(data);
    this.training = training;
    this.seed = seed;
    this.send = send;
    this.metrics = metrics;
  }

  String state() {
    return state;
  }

  /** The head after a commit (consensus thread): starts training when a new FL round began. */
  void onHead(ChainState head) {
    long r = head.round().round();
    if (r <= lastRound) {
      return;
    }
    Member me = head.members().get(key.id());
    if (me == null || !me.roles().trainer()) {
      return;
    }
    if (me.suspendedUntilRound() > r) {
      if (lastRound < r) {
        LOG.warn("this trainer is suspended until FL round {}: no update for round {}", me.suspendedUntilRound(), r);
      }
      lastRound = r;
      return;
    }
    lastRound = r;
    worker.execute(() -> train(head));
  }

  private void train(ChainState head) {
    long r = head.round().round();
    Hash32 baseHash = head.round().modelHash();
    Optional<float[]> base = ledger.model(baseHash);
    if (base.isEmpty()) {
      LOG.error("model {} of round {} is not stored here; no update this round", baseHash.shortHex(), r);
      return;
    }
    state = "training round " + r;
    long t0 = System.nanoTime();
    long s = SeededRandom.of(seed, "local-training", r).nextLong();
    LocalUpdate u = new LocalTrainer(spec.newModel()).train(base.get(), data, training.forRound((int) r), s);
    float[] delta = u.delta();
    if (attack.isPresent()) {
      int trainers = (int) head.members().values().stream().filter(m -> m.roles().trainer()).count();
      delta = attack.get().tamper(List.of(delta), trainers, SeededRandom.of(seed, "attack", r)).get(0);
    }
    long nanos = System.nanoTime() - t0;
    metrics.trained(nanos);
    if (Parameters.firstNonFinite(delta) >= 0) {
      LOG.warn("round {}: local training diverged (non-finite delta); no update sent", r);
      state = "idle";
      return;
    }
    DeltaCodec codec = DeltaCodec.parse(head.params().codec());
    byte[] bytes = codec.encode(delta);
    TxBody.Update body = new TxBody.Update(r, baseHash, Hash32.sha256(bytes), bytes.length, u.numSamples(),
        codec.name());
    long nonce = head.members().get(key.id()).nonce();
    SignedTx tx = SignedTx.sign(key, head.chainId(), body, nonce);
    LOG.info("round {}: trained on {} samples in {} ms (loss {}), delta {} bytes{}", r, u.numSamples(),
        nanos / 1_000_000, String.format("%.4f", u.trainLoss()), bytes.length,
        attack.map(a -> " [attacker: " + a + "]").orElse(""));
    state = "sent round " + r;
    send.accept(tx, bytes);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
