package io.fedchain.consensus.fl;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.BlockBuilder;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Event;
import io.fedchain.chain.state.InvalidBlockException;
import io.fedchain.chain.state.MissingSidecarException;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.state.Sidecars;
import io.fedchain.chain.state.StateTransition;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.learning.codec.CodecException;
import io.fedchain.learning.codec.DeltaCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application a fedchain validator runs under consensus.
 *
 * <p>As proposer it builds blocks from its mempool: other transactions in nonce order, and model
 * updates in batches: it waits until the round's accepted updates plus the candidates reach K, or
 * half the round's deadline has passed, then includes the candidates its own check accepts. A
 * block that closes the FL round carries no updates.
 *
 * <p>As validator it re-executes a proposed block and judges its updates ({@link UpdateJudge});
 * results are cached per block, so the check runs once however many votes mention the block.
 */
public final class FlApp implements ConsensusApp {
  private static final Logger LOG = LoggerFactory.getLogger(FlApp.class);
  private static final int MAX_OTHER_TXS = 1000;

  private final ChainKey key;
  private final LedgerStore ledger;
  private final Mempool mempool;
  private final UpdateJudge judge;
  private final Consumer<List<Event>> events;
  private final Map<Hash32, StateTransition.Result> executed = new LinkedHashMap<>();
  private final Map<Hash32, Verdict> verdicts = new HashMap<>();
  /** Deltas of committed blocks fetched by sync (not in the mempool); dropped once their block commits. */
  private final Map<Hash32, byte[]> fetched = new HashMap<>();
  /** Blocks found invalid on the current head (a missing delta is not a fault of the block). */
  private final Set<Hash32> invalid = new HashSet<>();

  public FlApp(ChainKey key, LedgerStore ledger, Mempool mempool, UpdateJudge judge, Consumer<List<Event>> events) {
    this.key = key;
    this.ledger = ledger;
    this.mempool = mempool;
    this.judge = judge;
    this.events = events;
  }

  public Mempool mempool() {
    return mempool;
  }

  @Override
  public ChainState head() {
    return ledger.head();
  }

  private Sidecars sidecars() {
    return new Sidecars() {
      @Override
      public Optional<byte[]> delta(Hash32 h) {
        byte[] f = fetched.get(h);
        if (f != null) {
          return Optional.of(f);
        }
        return mempool.delta(h).or(() -> ledger.delta(h));
      }

      @Override
      public Optional<float[]> model(Hash32 h) {
        return ledger.model(h);
      }
    };
  }

  /**
   * Deltas that sync fetched for committed blocks this node missed; each is kept only when it
   * matches its hash. Returns how many were kept.
   */
  public int offerDeltas(Map<Hash32, byte[]> deltas) {
    int kept = 0;
    for (Map.Entry<Hash32, byte[]> e : deltas.entrySet()) {
      if (Hash32.sha256(e.getValue()).equals(e.getKey())) {
        fetched.put(e.getKey(), e.getValue());
        kept++;
      }
    }
    return kept;
  }

  @Override
  public Block buildBlock(int round, long nowMillis) throws InvalidBlockException, MissingSidecarException {
    ChainState head = ledger.head();
    long time = Math.max(nowMillis, head.lastBlockTime() + 1);
    Optional<CommitCertificate> last = ledger.lastCommit();
    // Does this block close the FL round? Then it may carry no updates.
    BlockBuilder.Built bare = BlockBuilder.build(head, key.id(), round, time, List.of(), last, sidecars());
    boolean closes = bare.result().events().stream().anyMatch(e -> e instanceof Event.RoundClosed);
    List<SignedTx> chosen = new ArrayList<>();
    if (!closes) {
      chosen.addAll(chooseUpdates(head, time));
    }
    chosen.addAll(mempool.otherTxs(head, chosen, MAX_OTHER_TXS));
    if (chosen.isEmpty()) {
      return bare.block();
    }
    try {
      return BlockBuilder.build(head, key.id(), round, time, chosen, last, sidecars()).block();
    } catch (InvalidBlockException e) {
      LOG.debug("a block with {} transactions is invalid ({}); proposing an empty one", chosen.size(), e.getMessage());
      return bare.block();
    }
  }

  private List<SignedTx> chooseUpdates(ChainState head, long now) {
    List<SignedTx> candidates = mempool.updates(head);
    if (candidates.isEmpty()) {
      return List.of();
    }
    int accepted = head.round().accepted().size();
    boolean enough = accepted + candidates.size() >= head.params().updatesToClose();
    boolean late = now - head.round().startTimeMillis() >= head.params().roundDeadlineMillis() / 2;
    if (!enough && !late) {
      return List.of();
    }
    List<TxBody.Update> updates = new ArrayList<>();
    for (SignedTx t : candidates) {
      updates.add((TxBody.Update) t.body());
    }
    Optional<Verdict> v = judge(head, updates);
    if (v.isEmpty()) {
      return List.of();
    }
    List<SignedTx> out = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (v.get().accepted()[i]) {
        out.add(candidates.get(i));
      }
    }
    return out;
  }

  /** Decodes the updates' deltas against the head's model and judges them; empty when one is missing or bad. */
  private Optional<Verdict> judge(ChainState head, List<TxBody.Update> updates) {
    if (updates.isEmpty()) {
      return Optional.of(Verdict.NO_UPDATES);
    }
    Optional<float[]> base = ledger.model(head.round().modelHash());
    if (base.isEmpty()) {
      return Optional.empty();
    }
    List<float[]> deltas = new ArrayList<>();
    for (TxBody.Update u : updates) {
      Optional<byte[]> bytes = sidecars().delta(u.deltaHash());
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      try {
        deltas.add(DeltaCodec.parse(u.codec()).decode(bytes.get(), base.get().length));
      } catch (CodecException | IllegalArgumentException e) {
        // An undecodable delta is a rejected update, not an invalid block.
        deltas.add(null);
      }
    }
    // The round's updates accepted so far are judged along with the new ones, and their verdicts
    // dropped: a rule that weighs an update against its peers (leave-one-out) then sees the round,
    // not only this block's batch. Judged alone, an honest update from skewed data looked harmful
    // (a devnet measured -0.08 for an update included on its own after two others).
    List<TxBody.Update> decodable = new ArrayList<>();
    List<float[]> decoded = new ArrayList<>();
    int context = 0;
    for (RoundState.UpdateRef a : head.round().accepted()) {
      Optional<byte[]> bytes = sidecars().delta(a.deltaHash());
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        decoded.add(DeltaCodec.parse(a.codec()).decode(bytes.get(), base.get().length));
        decodable.add(new TxBody.Update(head.round().round(), head.round().modelHash(), a.deltaHash(),
            bytes.get().length, a.numSamples(), a.codec()));
        context++;
      } catch (CodecException | IllegalArgumentException e) {
        // accepted by the chain, so it decoded for the validators; skip it as context
      }
    }
    for (int i = 0; i < updates.size(); i++) {
      if (deltas.get(i) != null) {
        decodable.add(updates.get(i));
        decoded.add(deltas.get(i));
      }
    }
    Verdict partial = decodable.size() == context ? Verdict.NO_UPDATES
        : judge.judge(head, base.get(), decodable, decoded, context);
    boolean[] accepted = new boolean[updates.size()];
    short[] scores = new short[updates.size()];
    for (int i = 0, j = context; i < updates.size(); i++) {
      if (deltas.get(i) != null) {
        accepted[i] = partial.accepted()[j];
        scores[i] = partial.scores()[j];
        j++;
      } else {
        scores[i] = Short.MIN_VALUE;
      }
    }
    return Optional.of(new Verdict(accepted, scores));
  }

  @Override
  public Optional<Verdict> check(Block block) {
    Verdict cached = verdicts.get(block.hash());
    if (cached != null) {
      return Optional.of(cached);
    }
    if (invalid.contains(block.hash())) {
      return Optional.empty();
    }
    for (TxBody.Update u : block.body().updates()) {
      if (sidecars().delta(u.deltaHash()).isEmpty()) {
        // Not checkable yet: asked again once the delta arrives.
        return Optional.empty();
      }
    }
    ChainState head = ledger.head();
    try {
      StateTransition.Result r = StateTransition.apply(head, block, sidecars());
      Optional<Verdict> v = judge(head, block.body().updates());
      if (v.isEmpty()) {
        return Optional.empty();
      }
      executed.put(block.hash(), r);
      verdicts.put(block.hash(), v.get());
      return v;
    } catch (InvalidBlockException e) {
      LOG.info("block {} at height {} is invalid here: {}", block.hash().shortHex(), block.height(), e.getMessage());
      invalid.add(block.hash());
      return Optional.empty();
    } catch (MissingSidecarException e) {
      LOG.info("block {} at height {} cannot be checked yet: {}", block.hash().shortHex(), block.height(), e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void commit(Block block, CommitCertificate certificate) {
    StateTransition.Result r = executed.get(block.hash());
    if (r == null) {
      try {
        r = StateTransition.apply(ledger.head(), block, sidecars());
      } catch (InvalidBlockException | MissingSidecarException e) {
        throw new IllegalStateException("decided block " + block.height() + " does not apply here: " + e.getMessage(), e);
      }
    }
    Map<Hash32, byte[]> ds = new HashMap<>();
    for (TxBody.Update u : block.body().updates()) {
      byte[] bytes = sidecars().delta(u.deltaHash())
          .orElseThrow(() -> new IllegalStateException("delta " + u.deltaHash() + " of a decided block is missing"));
      ds.put(u.deltaHash(), bytes);
    }
    ledger.append(new CommittedBlock(block, certificate), ds, r.state(), r.newModel());
    executed.clear();
    verdicts.clear();
    invalid.clear();
    for (Hash32 h : ds.keySet()) {
      fetched.remove(h);
    }
    if (fetched.size() > Limits.MAX_UPDATES_PER_BLOCK) {
      fetched.clear(); // left over from a sync that stopped: refetched if needed
    }
    mempool.prune(r.state());
    events.accept(r.events());
  }
}
