package io.fedchain.storage;

/**
 * What a commit waits for before it returns.
 *
 * <p>Both survive a crash of the process: the write-ahead log is in the operating system's hands
 * when {@code commit} returns. Only {@link #SYNC} also survives a crash of the machine or a power
 * loss, at the price of an fsync (FACTS: p50 3.5 ms, p99 32 ms on this kind of machine).
 */
public enum Durability {
  /** fsync the write-ahead log before returning: blocks, own votes. */
  SYNC,
  /** Return once the write is in the log, unsynced: data that can be recomputed or refetched. */
  NO_SYNC
}
