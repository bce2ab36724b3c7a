package io.fedchain.chain.types;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;

/**
 * A block header; its SHA-256 is the block's hash.
 *
 * @param round the consensus round in which the block was proposed
 * @param txsRoot Merkle root of the transactions' hashes, in block order
 * @param updatesRoot Merkle root of the delta hashes of the block's model updates, in block order
 * @param lastCommitHash hash of the previous block's commit certificate carried in the body (zero at height 1)
 * @param stateRoot root of the state after this block
 * @param modelVersion the global model version after this block (the FL round in progress)
 * @param modelHash SHA-256 of that model's parameters
 */
public record BlockHeader(String chainId, long height, int round, Hash32 parentHash, MemberId proposer,
    long timestampMillis, Hash32 txsRoot, Hash32 updatesRoot, Hash32 lastCommitHash, Hash32 stateRoot,
    long modelVersion, Hash32 modelHash) {

  public Hash32 hash() {
    return Hash32.sha256(CODEC.encode(this));
  }

  public static final SszCodec<BlockHeader> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, BlockHeader h) {
      out.string(h.chainId);
      out.uint64(h.height);
      out.uint32(h.round);
      out.hash(h.parentHash);
      out.member(h.proposer);
      out.uint64(h.timestampMillis);
      out.hash(h.txsRoot);
      out.hash(h.updatesRoot);
      out.hash(h.lastCommitHash);
      out.hash(h.stateRoot);
      out.uint64(h.modelVersion);
      out.hash(h.modelHash);
    }

    @Override
    public BlockHeader read(SszIn in) {
      String chainId = in.string(Limits.MAX_STRING);
      long height = in.uint64();
      long round = in.uint32();
      if (round > Integer.MAX_VALUE) {
        throw new DecodingException("round " + round + " too large");
      }
      return new BlockHeader(chainId, height, (int) round, in.hash(), in.member(), in.uint64(), in.hash(), in.hash(),
          in.hash(), in.hash(), in.uint64(), in.hash());
    }
  };
}
