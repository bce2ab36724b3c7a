package io.fedchain.storage.chain;

/**
 * How many of the newest blocks keep their deltas. Older blocks stay, with their delta hashes, so
 * a node that needs an old delta (a syncing peer re-executing history) fetches it by hash from a
 * peer that kept it; a delta that a kept block also includes is kept.
 *
 * @param keepHeights the deltas of blocks {@code head - keepHeights + 1 .. head} are kept
 */
public record DeltaRetention(long keepHeights) {
  public DeltaRetention {
    if (keepHeights < 1) {
      throw new IllegalArgumentException("delta retention must keep at least the head's deltas (1 height), got "
          + keepHeights);
    }
  }

  public static DeltaRetention keepAll() {
    return new DeltaRetention(Long.MAX_VALUE);
  }

  public static DeltaRetention keepLast(long heights) {
    return new DeltaRetention(heights);
  }

  /** The lowest height whose deltas are kept when the head is at {@code headHeight}. */
  public long firstKeptHeight(long headHeight) {
    return Math.max(0, headHeight - keepHeights + 1);
  }

  @Override
  public String toString() {
    return keepHeights == Long.MAX_VALUE ? "keep all deltas" : "keep the deltas of the last " + keepHeights
        + " blocks";
  }
}
