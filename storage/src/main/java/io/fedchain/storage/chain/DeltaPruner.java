package io.fedchain.storage.chain;

import io.fedchain.storage.ColumnEntry;
import io.fedchain.storage.Durability;
import io.fedchain.storage.Hash32;
import io.fedchain.storage.KvStore;
import io.fedchain.storage.KvStoreTransaction;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes the deltas of blocks that have fallen out of the {@link DeltaRetention} window, keeping
 * the blocks and the {@code block_deltas} index. Run it after appends, as often as suits; each run
 * continues where the last stopped ({@link Schema#DELTAS_PRUNED_BELOW}).
 *
 * <p>It works in batches of {@link #HEIGHTS_PER_BATCH} heights, each one transaction under the
 * chain store's append lock: a block appended meanwhile cannot include a delta that the batch is
 * deleting. Batches are not synced: a batch lost to a power cut is redone by the next run, and one
 * that was written is never partly visible.
 */
public final class DeltaPruner {
  static final int HEIGHTS_PER_BATCH = 32;

  private final ChainStore chain;
  private final DeltaRetention retention;

  public DeltaPruner(ChainStore chain, DeltaRetention retention) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /**
   * What one run did: deltas of heights {@code [fromHeight, toHeight)} were examined;
   * {@code deleted} were removed, {@code keptForNewerBlocks} stayed because a block at or above
   * {@code toHeight} includes them too.
   */
  public record Result(long fromHeight, long toHeight, int deleted, int keptForNewerBlocks) {}

  public Result prune() {
    long start = chain.deltasPrunedBelow();
    Optional<BlockRef> head = chain.head();
    if (head.isEmpty()) {
      return new Result(start, start, 0, 0);
    }
    long target = retention.firstKeptHeight(head.get().height());
    int deleted = 0;
    int kept = 0;
    Set<Hash32> seen = new HashSet<>();
    for (long from = start; from < target; ) {
      long to = Math.min(target, from + HEIGHTS_PER_BATCH);
      int[] counts = pruneBatch(from, to, target, seen);
      deleted += counts[0];
      kept += counts[1];
      from = to;
    }
    return new Result(start, Math.max(start, target), deleted, kept);
  }

  /** Deletes the deltas of heights [from, to) that no block at or above {@code keepFrom} includes. */
  private int[] pruneBatch(long from, long to, long keepFrom, Set<Hash32> seen) {
    KvStore store = chain.store();
    int deleted = 0;
    int kept = 0;
    synchronized (chain.writeLock()) {
      try (KvStoreTransaction tx = store.startTransaction();
          Stream<ColumnEntry<BlockDeltaKey, Long>> entries = store.stream(Schema.BLOCK_DELTAS,
              BlockDeltaKey.first(from), BlockDeltaKey.first(to))) {
        for (ColumnEntry<BlockDeltaKey, Long> entry : (Iterable<ColumnEntry<BlockDeltaKey, Long>>) entries::iterator) {
          Hash32 hash = entry.key().deltaHash();
          if (!seen.add(hash)) {
            continue;
          }
          Optional<Long> lastBlock = store.get(Schema.DELTA_LAST_BLOCK, hash);
          if (lastBlock.isEmpty()) {
            continue; // pruned with an earlier block that included it too
          }
          if (lastBlock.get() >= keepFrom) {
            kept++;
          } else {
            tx.delete(Schema.DELTAS, hash);
            tx.delete(Schema.DELTA_LAST_BLOCK, hash);
            deleted++;
          }
        }
        tx.put(Schema.DELTAS_PRUNED_BELOW, to);
        tx.commit(Durability.NO_SYNC);
      }
    }
    return new int[] {deleted, kept};
  }
}
