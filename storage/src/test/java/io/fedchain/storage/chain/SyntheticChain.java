package io.fedchain.storage.chain;

import io.fedchain.storage.Hash32;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Committed blocks made up from a seed and the height alone, so a test (or another process) can
 * rebuild exactly what was appended at any height. Hashes are SHA-256 as the chain's are; a block's
 * bytes commit to its parent, its height and its delta hashes.
 *
 * <p>A delta is a slice of a seeded random pool whose first 16 bytes are overwritten with its
 * height and position: cheap to rebuild at 400 KB, and no two deltas of the chain are equal.
 */
final class SyntheticChain {
  private static final int POOL_BYTES = 2 << 20;

  private final long seed;
  private final int deltasPerBlock;
  private final int minDeltaBytes;
  private final int maxDeltaBytes;
  private final int modelEvery;
  private final byte[] pool;

  /**
   * @param modelEvery every that many heights a block sets the next model version (0: never);
   *     genesis always sets version 0
   */
  SyntheticChain(long seed, int deltasPerBlock, int minDeltaBytes, int maxDeltaBytes, int modelEvery) {
    if (maxDeltaBytes > POOL_BYTES || minDeltaBytes < 16 || minDeltaBytes > maxDeltaBytes) {
      throw new IllegalArgumentException("delta sizes " + minDeltaBytes + ".." + maxDeltaBytes);
    }
    this.seed = seed;
    this.deltasPerBlock = deltasPerBlock;
    this.minDeltaBytes = minDeltaBytes;
    this.maxDeltaBytes = maxDeltaBytes;
    this.modelEvery = modelEvery;
    this.pool = new byte[POOL_BYTES];
    new SplittableRandom(seed).nextBytes(pool);
  }

  /** Small blocks for unit tests: 3 deltas of 16-2000 bytes, a model every 4 heights. */
  static SyntheticChain small(long seed) {
    return new SyntheticChain(seed, 3, 16, 2000, 4);
  }

  private SplittableRandom random(long height, long salt) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + height * 31 + salt);
  }

  byte[] delta(long height, int index) {
    SplittableRandom r = random(height, 1000 + index);
    int size = minDeltaBytes + r.nextInt(maxDeltaBytes - minDeltaBytes + 1);
    int offset = r.nextInt(POOL_BYTES - size + 1);
    byte[] d = Arrays.copyOfRange(pool, offset, offset + size);
    ByteBuffer.wrap(d).putLong(height).putLong(index);
    return d;
  }

  byte[] state(long height) {
    byte[] s = new byte[64 + random(height, 2).nextInt(512)];
    random(height, 3).nextBytes(s);
    return s;
  }

  Optional<CommittedBlock.NewModel> model(long height) {
    if (height != 0 && (modelEvery == 0 || height % modelEvery != 0)) {
      return Optional.empty();
    }
    long version = height == 0 ? 0 : height / modelEvery;
    byte[] params = new byte[1000 + random(height, 4).nextInt(3000)];
    random(height, 5).nextBytes(params);
    return Optional.of(new CommittedBlock.NewModel(version, sha256(params), params));
  }

  CommittedBlock block(long height, Hash32 parent) {
    List<CommittedBlock.Delta> deltas = new ArrayList<>();
    for (int i = 0; i < deltasPerBlock; i++) {
      byte[] d = delta(height, i);
      deltas.add(new CommittedBlock.Delta(sha256(d), d));
    }
    byte[] state = state(height);
    Hash32 stateRoot = sha256(state);
    Optional<CommittedBlock.NewModel> model = model(height);
    byte[] filler = new byte[100 + random(height, 6).nextInt(2000)];
    random(height, 7).nextBytes(filler);
    ByteBuffer block = ByteBuffer.allocate(8 + 32 + 32 + 32 * deltas.size() + 32 + filler.length);
    block.putLong(height).put(parent.toArray()).put(stateRoot.toArray());
    deltas.forEach(d -> block.put(d.hash().toArray()));
    block.put(model.map(m -> m.hash()).orElse(Hash32.ZERO).toArray()).put(filler);
    byte[] bytes = block.array();
    return new CommittedBlock(height, sha256(bytes), parent, bytes, deltas, stateRoot, state, model);
  }

  /** Blocks 0 .. n-1, each the child of the one before. */
  List<CommittedBlock> blocks(int n) {
    List<CommittedBlock> out = new ArrayList<>();
    Hash32 parent = Hash32.ZERO;
    for (long h = 0; h < n; h++) {
      CommittedBlock b = block(h, parent);
      out.add(b);
      parent = b.hash();
    }
    return out;
  }

  static Hash32 sha256(byte[] bytes) {
    try {
      return Hash32.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
