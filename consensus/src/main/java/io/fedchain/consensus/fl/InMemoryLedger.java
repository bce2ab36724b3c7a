package io.fedchain.consensus.fl;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ledger in memory, for simulations and tests. */
public final class InMemoryLedger implements LedgerStore {
  private final List<CommittedBlock> blocks = new ArrayList<>();
  private final Map<Hash32, float[]> models = new HashMap<>();
  private final Map<Hash32, byte[]> deltas = new HashMap<>();
  private ChainState head;

  public InMemoryLedger(Genesis genesis) {
    head = genesis.initialState();
    models.put(head.round().modelHash(), genesis.initialModel());
  }

  @Override
  public ChainState head() {
    return head;
  }

  @Override
  public Optional<CommitCertificate> lastCommit() {
    return blocks.isEmpty() ? Optional.empty() : Optional.of(blocks.get(blocks.size() - 1).commit());
  }

  @Override
  public Optional<float[]> model(Hash32 hash) {
    return Optional.ofNullable(models.get(hash));
  }

  @Override
  public Optional<byte[]> delta(Hash32 hash) {
    return Optional.ofNullable(deltas.get(hash));
  }

  @Override
  public void append(CommittedBlock block, Map<Hash32, byte[]> ds, ChainState post, Optional<float[]> newModel) {
    if (block.block().height() != head.height() + 1) {
      throw new IllegalStateException("block " + block.block().height() + " does not follow " + head.height());
    }
    blocks.add(block);
    deltas.putAll(ds);
    newModel.ifPresent(m -> models.put(post.round().modelHash(), m));
    head = post;
  }

  @Override
  public Optional<CommittedBlock> block(long height) {
    return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get((int) height - 1)) : Optional.empty();
  }

  public List<CommittedBlock> blocks() {
    return List.copyOf(blocks);
  }
}
