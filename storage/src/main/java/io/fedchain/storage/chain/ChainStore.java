package io.fedchain.storage.chain;

import io.fedchain.storage.ColumnEntry;
import io.fedchain.storage.Durability;
import io.fedchain.storage.Hash32;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.KvStoreTransaction;
import io.fedchain.storage.Serializers;
import io.fedchain.storage.StorageException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chain as bytes: committed blocks with their deltas, states and models, and the head. The
 * chain module wraps it with its types.
 *
 * <p>{@link #append} is the only way blocks get in: it checks that the block extends the head and
 * writes the block, its height index, deltas, state, model and the new head in one transaction, by
 * default synced, so after a crash the head is always a block whose every part is on disk. One
 * thread appends at a time (appends and pruning share a lock); reads need no lock.
 */
public final class ChainStore {
  private final KvStore store;
  private final Durability appendDurability;
  private final Object writeLock = new Object();
  private volatile Optional<BlockRef> head;
  private volatile Optional<ModelVersion> latestModel;

  /** A chain store whose appends are synced. */
  public ChainStore(KvStore store) {
    this(store, Durability.SYNC);
  }

  /**
   * @param store a store of {@link Schema#DEFINITION}
   * @param appendDurability {@link Durability#NO_SYNC} only where losing the last blocks on a power
   *     loss is acceptable (benchmarks, tests, a node that can resync them)
   */
  public ChainStore(KvStore store, Durability appendDurability) {
    this.store = Objects.requireNonNull(store, "store");
    this.appendDurability = Objects.requireNonNull(appendDurability, "appendDurability");
    if (store.schema().version() != Schema.VERSION || !store.schema().contains(Schema.HEAD)) {
      throw new IllegalArgumentException("a chain store needs a store of the fedchain schema (version "
          + Schema.VERSION + "), got one of version " + store.schema().version());
    }
    this.head = store.get(Schema.HEAD);
    this.latestModel = store.get(Schema.LATEST_MODEL);
    head.ifPresent(this::checkHeadIsStored);
  }

  private void checkHeadIsStored(BlockRef h) {
    Optional<Hash32> indexed = store.get(Schema.BLOCK_HASH_BY_HEIGHT, h.height());
    String problem = null;
    if (!indexed.equals(Optional.of(h.hash()))) {
      problem = "the block index holds " + indexed.map(Hash32::toString).orElse("nothing") + " at that height";
    } else if (store.get(Schema.BLOCKS, h.hash()).isEmpty()) {
      problem = "the block itself is missing";
    }
    if (problem != null) {
      throw new StorageException("the stored head is block " + h + " but " + problem
          + ". The database is damaged: restore it from a backup, or move it away and resync.");
    }
  }

  /**
   * Appends a committed block and moves the head to it, atomically.
   *
   * @throws IllegalArgumentException if the block does not extend the head: its height is not
   *     head + 1 (0 on an empty chain), its parent is not the head (the zero hash for genesis), or
   *     it sets a model version other than the latest + 1
   * @throws StorageException if the write fails; then nothing of the block is stored
   */
  public void append(CommittedBlock block) {
    Objects.requireNonNull(block, "block");
    synchronized (writeLock) {
      checkExtendsHead(block);
      Optional<ModelVersion> model = block.newModel().map(m -> new ModelVersion(m.version(), block.height(),
          m.hash()));
      try (KvStoreTransaction tx = store.startTransaction()) {
        tx.put(Schema.BLOCKS, block.hash(), block.block());
        tx.put(Schema.BLOCK_HASH_BY_HEIGHT, block.height(), block.hash());
        long position = 0;
        for (CommittedBlock.Delta delta : block.deltas()) {
          tx.put(Schema.DELTAS, delta.hash(), delta.bytes());
          tx.put(Schema.BLOCK_DELTAS, new BlockDeltaKey(block.height(), delta.hash()), position++);
          tx.put(Schema.DELTA_LAST_BLOCK, delta.hash(), block.height());
        }
        tx.put(Schema.STATES, block.stateRoot(), block.state());
        tx.put(Schema.STATE_ROOT_BY_HEIGHT, block.height(), block.stateRoot());
        if (model.isPresent()) {
          CommittedBlock.NewModel m = block.newModel().get();
          tx.put(Schema.MODELS, m.hash(), m.parameters());
          tx.put(Schema.MODEL_VERSIONS, m.version(), model.get());
          tx.put(Schema.LATEST_MODEL, model.get());
        }
        tx.put(Schema.HEAD, block.ref());
        tx.commit(appendDurability);
      }
      head = Optional.of(block.ref());
      if (model.isPresent()) {
        latestModel = model;
      }
    }
  }

  private void checkExtendsHead(CommittedBlock block) {
    String what = "cannot append block " + block.ref();
    Optional<BlockRef> h = head;
    if (h.isEmpty()) {
      if (block.height() != 0) {
        throw new IllegalArgumentException(what + " to an empty chain: the first block is the genesis block, "
            + "height 0");
      }
      if (!block.parentHash().equals(Hash32.ZERO)) {
        throw new IllegalArgumentException(what + ": a genesis block's parent hash is the zero hash, this one's is "
            + block.parentHash());
      }
    } else {
      BlockRef current = h.get();
      if (block.height() != current.height() + 1) {
        throw new IllegalArgumentException(what + ": the head is " + current + "; blocks are appended in height "
            + "order, the next is " + (current.height() + 1));
      }
      if (!block.parentHash().equals(current.hash())) {
        throw new IllegalArgumentException(what + ": its parent is " + block.parentHash() + " but the head at "
            + "height " + current.height() + " is " + current.hash() + "; a block must extend the head");
      }
    }
    if (block.newModel().isPresent() && latestModel.isPresent()) {
      long version = block.newModel().get().version();
      long latest = latestModel.get().version();
      if (version != latest + 1) {
        throw new IllegalArgumentException(what + ": it sets model version " + version + " but the latest is "
            + latest + "; each round-closing block sets the next version");
      }
    }
  }

  /** The last appended block; empty before genesis. Read from disk when the store opens. */
  public Optional<BlockRef> head() {
    return head;
  }

  public Optional<byte[]> blockByHash(Hash32 hash) {
    return store.get(Schema.BLOCKS, hash);
  }

  public Optional<Hash32> blockHash(long height) {
    return store.get(Schema.BLOCK_HASH_BY_HEIGHT, height);
  }

  public Optional<byte[]> blockByHeight(long height) {
    return blockHash(height).flatMap(this::blockByHash);
  }

  /** The delta's bytes, or empty if it was never stored or has been pruned. */
  public Optional<byte[]> delta(Hash32 hash) {
    return store.get(Schema.DELTAS, hash);
  }

  /** Hashes of the deltas the block at {@code height} includes, in block order; kept after pruning. */
  public List<Hash32> deltaHashes(long height) {
    try (Stream<ColumnEntry<BlockDeltaKey, Long>> entries = store.streamPrefix(Schema.BLOCK_DELTAS,
        Serializers.LONG.toBytes(height))) {
      return entries.sorted(Comparator.comparing(ColumnEntry::value)).map(e -> e.key().deltaHash()).toList();
    }
  }

  public Optional<byte[]> state(Hash32 stateRoot) {
    return store.get(Schema.STATES, stateRoot);
  }

  public Optional<Hash32> stateRoot(long height) {
    return store.get(Schema.STATE_ROOT_BY_HEIGHT, height);
  }

  /** The state after the block at {@code height}. */
  public Optional<byte[]> stateAt(long height) {
    return stateRoot(height).flatMap(this::state);
  }

  public Optional<ModelVersion> latestModel() {
    return latestModel;
  }

  public Optional<ModelVersion> modelVersion(long version) {
    return store.get(Schema.MODEL_VERSIONS, version);
  }

  /** A model's parameters by hash. */
  public Optional<byte[]> model(Hash32 modelHash) {
    return store.get(Schema.MODELS, modelHash);
  }

  /** Every block below this height has had its deltas pruned (0: none pruned). */
  public long deltasPrunedBelow() {
    return store.get(Schema.DELTAS_PRUNED_BELOW).orElse(0L);
  }

  KvStore store() {
    return store;
  }

  /** Held by appends and by each pruning batch, so a delta cannot be re-included while it is being deleted. */
  Object writeLock() {
    return writeLock;
  }
}
