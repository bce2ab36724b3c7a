package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import java.util.List;

/**
 * Precommits for one block from more than 2/3 of total stake: the proof that it committed. Stored
 * with the block, and included as {@code lastCommit} in the next block, whose state transition
 * reads the validators' verdicts from it.
 */
public record CommitCertificate(long height, int round, Hash32 blockHash, List<Vote> precommits) {
  public CommitCertificate {
    precommits = List.copyOf(precommits);
  }

  public Hash32 hash() {
    return Hash32.sha256(CODEC.encode(this));
  }

  public static final SszCodec<CommitCertificate> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, CommitCertificate c) {
      out.uint64(c.height);
      out.uint32(c.round);
      out.hash(c.blockHash);
      out.list(Vote.CODEC, c.precommits);
    }

    @Override
    public CommitCertificate read(SszIn in) {
      long height = in.uint64();
      long round = in.uint32();
      if (round > Integer.MAX_VALUE) {
        throw new io.fedchain.chain.codec.DecodingException("round " + round + " too large");
      }
      return new CommitCertificate(height, (int) round, in.hash(), in.list(Vote.CODEC, Limits.MAX_VOTES,
          Limits.MAX_VOTE_BYTES));
    }
  };
}
