package io.fedchain.chain.types;

/** Upper bounds that decoding enforces, so a peer cannot make a node allocate without limit. */
public final class Limits {
  private Limits() {}

  public static final int MAX_BLOCK_BYTES = 8 << 20;
  public static final int MAX_TXS_PER_BLOCK = 10_000;
  public static final int MAX_TX_BYTES = 64 * 1024;
  public static final int MAX_VOTES = 1024;
  public static final int MAX_VOTE_BYTES = 8 * 1024;
  public static final int MAX_UPDATES_PER_BLOCK = 1024;
  public static final int MAX_STRING = 256;
  public static final int SIGNATURE = 64;
}
