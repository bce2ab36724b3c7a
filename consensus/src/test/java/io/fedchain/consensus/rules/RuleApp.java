package io.fedchain.consensus.rules;

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
import io.fedchain.consensus.ConsensusApp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node under test's application: the real state transition over in-memory sidecars (so an
 * invalid block is one the chain rejects), a verdict function the test sets, and a record of what
 * was checked and committed. It outlives the engine, as a node's ledger outlives a restart.
 */
final class RuleApp implements ConsensusApp {
  private final ChainKey key;
  private final Map<Hash32, byte[]> deltas;
  private final Map<Hash32, float[]> models = new HashMap<>();
  private ChainState head;
  private Optional<CommitCertificate> lastCommit = Optional.empty();
  final List<CommittedBlock> committed = new ArrayList<>();
  /** How many times {@link #check} ran, by block. */
  final Map<Hash32, Integer> checks = new HashMap<>();
  /** This validator's verdicts on a valid block's updates; by default it accepts every one with score 0. */
  Function<Block, Verdict> verdicts = b -> {
    boolean[] yes = new boolean[b.body().updates().size()];
    Arrays.fill(yes, true);
    return new Verdict(yes, new short[yes.length]);
  };
  /** When set, {@link #buildBlock} fails as an application can (a missing sidecar). */
  boolean buildFails;

  RuleApp(ChainKey key, Genesis genesis, Map<Hash32, byte[]> sharedDeltas) {
    this.key = key;
    this.deltas = sharedDeltas;
    this.head = genesis.initialState();
    models.put(head.round().modelHash(), genesis.initialModel());
  }

  final Sidecars sidecars = new Sidecars() {
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

  Optional<CommitCertificate> lastCommit() {
    return lastCommit;
  }

  @Override
  public Block buildBlock(int round, long nowMillis) throws InvalidBlockException, MissingSidecarException {
    if (buildFails) {
      throw new MissingSidecarException("model", head.round().modelHash());
    }
    long time = Math.max(nowMillis, head.lastBlockTime() + 1);
    return BlockBuilder.build(head, key.id(), round, time, List.of(), lastCommit, sidecars).block();
  }

  @Override
  public Optional<Verdict> check(Block block) {
    checks.merge(block.hash(), 1, Integer::sum);
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
