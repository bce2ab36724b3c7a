package io.fedchain.consensus;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.BlockBuilder;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.InvalidBlockException;
import io.fedchain.chain.state.MissingSidecarException;
import io.fedchain.chain.state.Sidecars;
import io.fedchain.chain.state.StateTransition;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.SignedTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validator's application for consensus tests: the real state transition over in-memory
 * sidecars, an optional FL verdict function, and a record of what it committed.
 */
class SimApp implements ConsensusApp {
  final ChainKey key;
  final List<CommittedBlock> committed = new ArrayList<>();
  final Map<Hash32, float[]> models;
  final Map<Hash32, byte[]> deltas;
  /** Transactions this validator includes when it proposes, by height. */
  final Function<ChainState, List<SignedTx>> txs;
  /** This validator's verdict on a block's updates (all accepted by default). */
  Function<Block, Verdict> verdicts = b -> {
    int n = b.body().updates().size();
    boolean[] yes = new boolean[n];
    java.util.Arrays.fill(yes, true);
    return new Verdict(yes, new short[n]);
  };
  private ChainState head;
  private Optional<CommitCertificate> lastCommit = Optional.empty();

  SimApp(ChainKey key, Genesis genesis, Map<Hash32, byte[]> sharedDeltas, Function<ChainState, List<SignedTx>> txs) {
    this.key = key;
    this.head = genesis.initialState();
    this.models = new HashMap<>();
    this.models.put(head.round().modelHash(), genesis.initialModel());
    this.deltas = sharedDeltas;
    this.txs = txs;
  }

  private final Sidecars sidecars = new Sidecars() {
    @Override
    public Optional<byte[]> delta(Hash32 h) {
      return Optional.ofNullable(deltas.get(h));
    }

    @Override
    public Optional<float[]> model(Hash32 h) {
      return Optional.ofNullable(models.get(h));
    }
  };

  @Override
  public ChainState head() {
    return head;
  }

  @Override
  public Block buildBlock(int round, long nowMillis) throws InvalidBlockException, MissingSidecarException {
    long time = Math.max(nowMillis, head.lastBlockTime() + 1);
    return BlockBuilder.build(head, key.id(), round, time, txs.apply(head), lastCommit, sidecars).block();
  }

  @Override
  public Optional<Verdict> check(Block block) {
    try {
      StateTransition.apply(head, block, sidecars);
      return Optional.of(verdicts.apply(block));
    } catch (InvalidBlockException | MissingSidecarException e) {
      return Optional.empty();
    }
  }

  @Override
  public void commit(Block block, CommitCertificate certificate) {
    try {
      StateTransition.Result r = StateTransition.apply(head, block, sidecars);
      r.newModel().ifPresent(m -> models.put(r.state().round().modelHash(), m));
      head = r.state();
      lastCommit = Optional.of(certificate);
      committed.add(new CommittedBlock(block, certificate));
    } catch (InvalidBlockException | MissingSidecarException e) {
      throw new IllegalStateException("a decided block does not apply: " + e.getMessage(), e);
    }
  }
}
