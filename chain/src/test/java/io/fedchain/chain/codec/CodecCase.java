package io.fedchain.chain.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.chain.RandomChainObjects;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.state.ProposalState;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockBody;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One encoded type under test: its codec, the size limit its decoder is called with, and a
 * generator of random values. {@link #all()} lists every type with an encoding, each union variant
 * on its own.
 */
record CodecCase<T>(String name, SszCodec<T> codec, int maxSize, boolean small, Function<RandomChainObjects, T> gen) {

  private static final String[] TX_NAMES = {"Update", "Bond", "Unbond", "Propose", "VoteOnProposal", "Evidence"};
  private static final String[] PROPOSAL_NAMES = {"AdmitMember", "RemoveMember", "ChangeRoles", "ChangeParam"};

  static List<CodecCase<?>> all() {
    List<CodecCase<?>> out = new ArrayList<>();
    for (int v = 0; v < RandomChainObjects.TX_VARIANTS; v++) {
      int variant = v;
      out.add(new CodecCase<>("TxBody." + TX_NAMES[v], TxBody.CODEC, Limits.MAX_TX_BYTES, true,
          r -> r.txBody(variant)));
    }
    for (int v = 0; v < RandomChainObjects.PROPOSAL_VARIANTS; v++) {
      int variant = v;
      out.add(new CodecCase<>("Proposal." + PROPOSAL_NAMES[v], Proposal.CODEC, Limits.MAX_TX_BYTES, true,
          r -> r.proposal(variant)));
    }
    for (int v = 0; v < RandomChainObjects.TX_VARIANTS; v++) {
      int variant = v;
      out.add(new CodecCase<>("SignedTx(" + TX_NAMES[v] + ")", SignedTx.CODEC, Limits.MAX_TX_BYTES, true,
          r -> r.signedTx(r.txBody(variant))));
    }
    out.add(new CodecCase<>("Vote", Vote.CODEC, Limits.MAX_VOTE_BYTES, true, RandomChainObjects::vote));
    out.add(new CodecCase<>("CommitCertificate", CommitCertificate.CODEC, Limits.MAX_VOTES * Limits.MAX_VOTE_BYTES,
        false, RandomChainObjects::commitCertificate));
    out.add(new CodecCase<>("BlockHeader", BlockHeader.CODEC, 4096, true, RandomChainObjects::blockHeader));
    out.add(new CodecCase<>("BlockBody", BlockBody.CODEC, Limits.MAX_BLOCK_BYTES, false, RandomChainObjects::blockBody));
    out.add(new CodecCase<>("Block", Block.CODEC, Limits.MAX_BLOCK_BYTES + 8192, false, RandomChainObjects::block));
    out.add(new CodecCase<>("CommittedBlock", CommittedBlock.CODEC, 2 * Limits.MAX_BLOCK_BYTES, false,
        RandomChainObjects::committedBlock));
    out.add(new CodecCase<>("Params", Params.CODEC, 4096, true, RandomChainObjects::params));
    out.add(new CodecCase<>("Member", Member.CODEC, 1 << 20, true, RandomChainObjects::member));
    out.add(new CodecCase<>("RoundState", RoundState.CODEC, 64 << 20, false, RandomChainObjects::roundState));
    out.add(new CodecCase<>("ProposalState", ProposalState.CODEC, 1 << 20, true, RandomChainObjects::proposalState));
    out.add(new CodecCase<>("ChainState", ChainState.CODEC, 256 << 20, false, RandomChainObjects::chainState));
    out.add(new CodecCase<>("Genesis", Genesis.CODEC, 1 << 20, true, RandomChainObjects::genesis));
    return out;
  }

  T generate(long seed) {
    return gen.apply(new RandomChainObjects(seed));
  }

  byte[] encode(T value) {
    return codec.encode(value);
  }

  T decode(byte[] bytes) {
    return codec.decode(bytes, maxSize);
  }

  /**
   * The decoding contract on arbitrary bytes: either a {@link DecodingException}, or a value whose
   * encoding is exactly these bytes (one value, one encoding). Any other exception or error fails.
   */
  void assertDecodesCleanly(byte[] bytes, String what) {
    T value;
    try {
      value = decode(bytes);
    } catch (DecodingException e) {
      return;
    } catch (Throwable t) {
      throw new AssertionError(name + ", " + what + ": decoding threw " + t + " instead of a DecodingException", t);
    }
    byte[] again;
    try {
      again = encode(value);
    } catch (Throwable t) {
      fail(name + ", " + what + ": the decoded value does not re-encode: " + t);
      return;
    }
    assertArrayEquals(bytes, again, name + ", " + what + ": accepted a non-canonical encoding of " + value);
  }

  @Override
  public String toString() {
    return name;
  }
}
