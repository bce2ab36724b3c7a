package io.fedchain.chain.store;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Sidecars;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.learning.model.Parameters;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.StorageException;
import io.fedchain.storage.chain.ChainStore;
import io.fedchain.storage.chain.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain on disk, typed: committed blocks with their deltas, the state after each, and the
 * global models, over storage's byte-level {@link ChainStore} (one atomic, synced write per block).
 * Height 0 holds the genesis: its block bytes are the genesis encoding, its hash the genesis hash.
 */
public final class ChainDatabase implements AutoCloseable {
  private final KvStore kv;
  private final ChainStore store;

  private ChainDatabase(KvStore kv) {
    this.kv = kv;
    this.store = new ChainStore(kv);
  }

  /** Opens (creating when absent) the database in {@code dir}; the error names the directory and what to do. */
  public static ChainDatabase open(Path dir) {
    return new ChainDatabase(RocksDbKvStore.open(dir, Schema.DEFINITION));
  }

  public static ChainDatabase over(KvStore kv) {
    return new ChainDatabase(kv);
  }

  /**
   * Writes the genesis at height 0, or checks that the database holds this genesis already; a
   * database of another chain fails with a message naming both genesis hashes.
   */
  public void initialize(Genesis genesis) {
    Optional<byte[]> existing = store.blockByHeight(0);
    if (existing.isPresent()) {
      Hash32 stored = Hash32.sha256(existing.get());
      if (!stored.equals(genesis.hash())) {
        throw new StorageException("this database belongs to the chain with genesis " + stored.shortHex()
            + ", not " + genesis.hash().shortHex() + ": use another data directory for this chain");
      }
      return;
    }
    ChainState state = genesis.initialState();
    float[] model = genesis.initialModel();
    store.append(new io.fedchain.storage.chain.CommittedBlock(0, s(genesis.hash()), io.fedchain.storage.Hash32.ZERO,
        Genesis.CODEC.encode(genesis), List.of(), s(state.root()), ChainState.CODEC.encode(state),
        Optional.of(new io.fedchain.storage.chain.CommittedBlock.NewModel(0, s(state.round().modelHash()),
            Parameters.toBytes(model)))));
  }

  /**
   * Appends a committed block with the deltas its updates name ({@code deltas}: hash to encoded
   * bytes, each checked against its hash), the state after it and, when it closed a round, the new
   * model.
   */
  public void append(CommittedBlock committed, Map<Hash32, byte[]> deltas, ChainState post, Optional<float[]> newModel) {
    List<io.fedchain.storage.chain.CommittedBlock.Delta> ds = new ArrayList<>();
    for (SignedTx tx : committed.block().body().txs()) {
      if (tx.body() instanceof TxBody.Update u) {
        byte[] bytes = deltas.get(u.deltaHash());
        if (bytes == null || !Hash32.sha256(bytes).equals(u.deltaHash())) {
          throw new IllegalArgumentException("block " + committed.block().height() + ": delta " + u.deltaHash()
              + (bytes == null ? " is missing" : " does not match its hash"));
        }
        ds.add(new io.fedchain.storage.chain.CommittedBlock.Delta(s(u.deltaHash()), bytes));
      }
    }
    Optional<io.fedchain.storage.chain.CommittedBlock.NewModel> model = newModel.map(m ->
        new io.fedchain.storage.chain.CommittedBlock.NewModel(post.round().round(), s(post.round().modelHash()),
            Parameters.toBytes(m)));
    store.append(new io.fedchain.storage.chain.CommittedBlock(committed.block().height(), s(committed.block().hash()),
        s(committed.block().header().parentHash()), CommittedBlock.CODEC.encode(committed), ds, s(post.root()),
        ChainState.CODEC.encode(post), model));
  }

  /** The height of the last committed block (0: only the genesis), if initialized. */
  public Optional<Long> headHeight() {
    return store.head().map(h -> h.height());
  }

  public Optional<CommittedBlock> block(long height) {
    if (height == 0) {
      return Optional.empty();
    }
    return store.blockByHeight(height).map(b -> CommittedBlock.CODEC.decode(b, Limits.MAX_BLOCK_BYTES * 2));
  }

  /** A committed block by hash; the genesis (height 0) is not a block and is read with {@link #genesis()}. */
  public Optional<CommittedBlock> block(Hash32 hash) {
    if (store.blockHash(0).map(g -> g.equals(s(hash))).orElse(false)) {
      return Optional.empty();
    }
    return store.blockByHash(s(hash)).map(b -> CommittedBlock.CODEC.decode(b, Limits.MAX_BLOCK_BYTES * 2));
  }

  public Optional<Genesis> genesis() {
    return store.blockByHeight(0).map(b -> Genesis.CODEC.decode(b, 1 << 20));
  }

  /** The state after block {@code height} (0: the genesis state). */
  public Optional<ChainState> state(long height) {
    return store.stateAt(height).map(b -> ChainState.CODEC.decode(b, 256 << 20));
  }

  public Optional<byte[]> delta(Hash32 hash) {
    return store.delta(s(hash));
  }

  public Optional<float[]> model(Hash32 hash) {
    return store.model(s(hash)).map(Parameters::fromBytes);
  }

  /** Deltas and models as the state transition reads them; {@code extraDeltas} come first (not yet stored). */
  public Sidecars sidecars(Map<Hash32, byte[]> extraDeltas) {
    return new Sidecars() {
      @Override
      public Optional<byte[]> delta(Hash32 h) {
        byte[] b = extraDeltas.get(h);
        return b != null ? Optional.of(b) : ChainDatabase.this.delta(h);
      }

      @Override
      public Optional<float[]> model(Hash32 h) {
        return ChainDatabase.this.model(h);
      }
    };
  }

  public ChainStore store() {
    return store;
  }

  private static io.fedchain.storage.Hash32 s(Hash32 h) {
    return io.fedchain.storage.Hash32.of(h.toBytes());
  }

  @Override
  public void close() {
    kv.close();
  }
}
