package io.fedchain.node.cli;

import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.util.SeededRandom;
import io.fedchain.storage.Hash32;
import io.fedchain.storage.chain.CommittedBlock;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The blocks {@code bench storage} appends, built before the clock starts: each carries
 * {@code deltas} Gaussian deltas of {@code deltaKb} kB as float32, encoded with the given codec
 * (what a trainer's delta looks like to the store), a 2.5 kB block and a 2 kB state. Every delta is
 * distinct (its first two floats hold height and position) so content addressing stores each one.
 */
final class StorageBenchBlocks {
  private static final int DISTINCT_DELTAS = 16;
  private static final int BLOCK_FILLER_BYTES = 2_500;
  private static final int STATE_BYTES = 2_000;

  private StorageBenchBlocks() {}

  static List<CommittedBlock> build(int blocks, int deltasPerBlock, int deltaKb, DeltaCodec codec, long seed) {
    int floats = deltaKb * 1000 / Float.BYTES;
    SeededRandom random = new SeededRandom(seed);
    List<float[]> pool = new ArrayList<>();
    for (int i = 0; i < DISTINCT_DELTAS; i++) {
      float[] delta = new float[floats];
      for (int j = 0; j < floats; j++) {
        delta[j] = (float) (random.nextGaussian() * 0.01);
      }
      pool.add(delta);
    }
    List<CommittedBlock> out = new ArrayList<>(blocks);
    Hash32 parent = Hash32.ZERO;
    for (long h = 0; h < blocks; h++) {
      List<CommittedBlock.Delta> deltas = new ArrayList<>();
      for (int i = 0; i < deltasPerBlock; i++) {
        float[] delta = pool.get((int) ((h * deltasPerBlock + i) % DISTINCT_DELTAS)).clone();
        delta[0] = h;
        delta[1] = i;
        byte[] encoded = codec.encode(delta);
        deltas.add(new CommittedBlock.Delta(sha256(encoded), encoded));
      }
      byte[] state = randomBytes(random, STATE_BYTES);
      Hash32 stateRoot = sha256(state);
      ByteBuffer block = ByteBuffer.allocate(8 + 32 + 32 + 32 * deltasPerBlock + BLOCK_FILLER_BYTES);
      block.putLong(h).put(parent.toArray()).put(stateRoot.toArray());
      deltas.forEach(d -> block.put(d.hash().toArray()));
      block.put(randomBytes(random, BLOCK_FILLER_BYTES));
      byte[] bytes = block.array();
      CommittedBlock b = new CommittedBlock(h, sha256(bytes), parent, bytes, deltas, stateRoot, state,
          Optional.empty());
      out.add(b);
      parent = b.hash();
    }
    return out;
  }

  static long payloadBytes(CommittedBlock b) {
    return b.block().length + b.state().length + b.deltas().stream().mapToLong(d -> d.bytes().length).sum();
  }

  private static byte[] randomBytes(SeededRandom random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  private static Hash32 sha256(byte[] bytes) {
    try {
      return Hash32.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
