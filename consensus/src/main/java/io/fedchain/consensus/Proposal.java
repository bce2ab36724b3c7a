package io.fedchain.consensus;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszEncoder;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Domain;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Limits;
import java.util.Arrays;

/**
 * ⟨PROPOSAL, height, round, block, polRound⟩ of the Tendermint paper, signed by the round's
 * proposer. {@code polRound} is the round of the proof-of-lock when the proposer re-proposes a
 * block that became valid in an earlier round (then the block's header names the proposer of that
 * round), or -1. The block travels without its deltas (validators have them from the
 * {@code updates} topic or fetch them).
 */
public record Proposal(long height, int round, int polRound, Block block, MemberId proposer, byte[] signature) {
  public Proposal {
    signature = signature.clone();
    if (block.height() != height) {
      throw new IllegalArgumentException("proposal for height " + height + " carries block " + block.height());
    }
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public static Proposal sign(ChainKey key, String chainId, int round, int polRound, Block block) {
    Proposal unsigned = new Proposal(block.height(), round, polRound, block, key.id(), new byte[0]);
    return new Proposal(block.height(), round, polRound, block, key.id(),
        key.sign(Domain.PROPOSAL, chainId, UNSIGNED.encode(unsigned)));
  }

  public boolean verify(String chainId) {
    return ChainKey.verify(proposer, Domain.PROPOSAL, chainId, UNSIGNED.encode(this), signature);
  }

  public Hash32 blockHash() {
    return block.hash();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Proposal p && Arrays.equals(CODEC.encode(this), CODEC.encode(p));
  }

  @Override
  public int hashCode() {
    return block.hash().hashCode() * 31 + round;
  }

  @Override
  public String toString() {
    return "PROPOSAL(" + height + "/" + round + ", " + block.hash().shortHex() + ", pol " + polRound + ")";
  }

  private static final SszEncoder<Proposal> UNSIGNED = (out, p) -> {
    out.uint64(p.height);
    out.uint32(p.round);
    out.int64(p.polRound);
    out.hash(p.block.hash());
    out.member(p.proposer);
  };

  public static final SszCodec<Proposal> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Proposal p) {
      out.uint64(p.height);
      out.uint32(p.round);
      out.int64(p.polRound);
      out.object(Block.CODEC, p.block);
      out.member(p.proposer);
      out.bytes(p.signature);
    }

    @Override
    public Proposal read(SszIn in) {
      long height = in.uint64();
      long round = in.uint32();
      long pol = in.int64();
      if (round > Integer.MAX_VALUE || pol < -1 || pol >= round) {
        throw new DecodingException("proposal round " + round + " with proof-of-lock round " + pol);
      }
      Block block = in.object(Block.CODEC, Limits.MAX_BLOCK_BYTES);
      MemberId proposer = in.member();
      byte[] sig = in.bytes(Limits.SIGNATURE);
      if (sig.length != Limits.SIGNATURE) {
        throw new DecodingException("signature of " + sig.length + " bytes, expected 64");
      }
      if (block.height() != height) {
        throw new DecodingException("proposal for height " + height + " carries block " + block.height());
      }
      return new Proposal(height, (int) round, (int) pol, block, proposer, sig);
    }
  };
}
