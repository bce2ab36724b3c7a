package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;

/** A block with the certificate that committed it: what the chain store keeps and syncing nodes fetch. */
public record CommittedBlock(Block block, CommitCertificate commit) {

  public static final SszCodec<CommittedBlock> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, CommittedBlock c) {
      out.object(Block.CODEC, c.block);
      out.object(CommitCertificate.CODEC, c.commit);
    }

    @Override
    public CommittedBlock read(SszIn in) {
      return new CommittedBlock(in.object(Block.CODEC, Limits.MAX_BLOCK_BYTES + 8192),
          in.object(CommitCertificate.CODEC, Limits.MAX_VOTES * Limits.MAX_VOTE_BYTES));
    }
  };
}
