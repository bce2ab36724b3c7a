package io.fedchain.consensus.store;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.store.ChainDatabase;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.consensus.fl.LedgerStore;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger of a node: committed blocks, deltas, states and models in its {@link ChainDatabase}
 * (RocksDB), with the head state and its certificate kept in memory. Opening it on a database
 * that already holds blocks resumes from its head.
 *
 * <p>Appends come from the consensus thread; reads (the HTTP API, sync requests) may come from any
 * thread and see the head as of the last completed append.
 */
public final class DatabaseLedger implements LedgerStore {
  private final ChainDatabase db;
  private volatile ChainState head;
  private volatile Optional<CommitCertificate> lastCommit;

  public DatabaseLedger(ChainDatabase db, Genesis genesis) {
    this.db = db;
    db.initialize(genesis);
    long h = db.headHeight().orElse(0L);
    this.head = db.state(h).orElseThrow(() -> new IllegalStateException("the database has no state at its head "
        + h + ": it is damaged"));
    this.lastCommit = h == 0 ? Optional.empty() : db.block(h).map(CommittedBlock::commit);
  }

  public ChainDatabase database() {
    return db;
  }

  @Override
  public ChainState head() {
    return head;
  }

  @Override
  public Optional<CommitCertificate> lastCommit() {
    return lastCommit;
  }

  @Override
  public Optional<float[]> model(Hash32 hash) {
    return db.model(hash);
  }

  @Override
  public Optional<byte[]> delta(Hash32 hash) {
    return db.delta(hash);
  }

  @Override
  public void append(CommittedBlock block, Map<Hash32, byte[]> deltas, ChainState post, Optional<float[]> newModel) {
    if (block.block().height() != head.height() + 1) {
      throw new IllegalStateException("block " + block.block().height() + " does not follow " + head.height());
    }
    db.append(block, deltas, post, newModel);
    lastCommit = Optional.of(block.commit());
    head = post;
  }

  @Override
  public Optional<CommittedBlock> block(long height) {
    return db.block(height);
  }
}
