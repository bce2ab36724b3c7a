package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;

/**
 * What a transaction asks for. The union selector is the first byte of the encoding; a selector
 * this version does not know fails decoding.
 */
public sealed interface TxBody
    permits TxBody.Update, TxBody.Bond, TxBody.Unbond, TxBody.Propose, TxBody.VoteOnProposal, TxBody.Evidence {

  /**
   * A trainer's model update for FL round {@code flRound}: {@code delta = w_local - w_r}, trained
   * from the model whose hash is {@code baseModelHash}, encoded with {@code codec} into
   * {@code deltaSize} bytes whose SHA-256 is {@code deltaHash}. The delta travels beside the block
   * (content-addressed sidecar).
   */
  record Update(long flRound, Hash32 baseModelHash, Hash32 deltaHash, int deltaSize, long numSamples, String codec)
      implements TxBody {}

  /** Moves {@code amount} from the sender's balance to its stake. */
  record Bond(long amount) implements TxBody {}

  /** Starts moving {@code amount} of stake back to the balance, after the unbonding delay. */
  record Unbond(long amount) implements TxBody {}

  /** Opens a governance proposal; it passes when yes votes exceed 2/3 of total stake. */
  record Propose(Proposal proposal) implements TxBody {}

  record VoteOnProposal(long proposalId, boolean approve) implements TxBody {}

  /** Two conflicting votes signed by the same validator for the same height, round and step. */
  record Evidence(Vote first, Vote second) implements TxBody {}

  SszCodec<TxBody> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, TxBody b) {
      if (b instanceof Update u) {
        out.uint8(1);
        out.uint64(u.flRound());
        out.hash(u.baseModelHash());
        out.hash(u.deltaHash());
        out.uint32(u.deltaSize());
        out.uint64(u.numSamples());
        out.string(u.codec());
      } else if (b instanceof Bond x) {
        out.uint8(2);
        out.uint64(x.amount());
      } else if (b instanceof Unbond x) {
        out.uint8(3);
        out.uint64(x.amount());
      } else if (b instanceof Propose p) {
        out.uint8(4);
        out.object(Proposal.CODEC, p.proposal());
      } else if (b instanceof VoteOnProposal v) {
        out.uint8(5);
        out.uint64(v.proposalId());
        out.bool(v.approve());
      } else if (b instanceof Evidence e) {
        out.uint8(6);
        out.object(Vote.CODEC, e.first());
        out.object(Vote.CODEC, e.second());
      } else {
        throw new IllegalStateException("unknown variant " + b);
      }
    }

    @Override
    public TxBody read(SszIn in) {
      int selector = in.uint8();
      return switch (selector) {
        case 1 -> {
          long round = in.uint64();
          Hash32 base = in.hash();
          Hash32 delta = in.hash();
          long size = in.uint32();
          if (size > Integer.MAX_VALUE) {
            throw new io.fedchain.chain.codec.DecodingException("delta size " + size + " too large");
          }
          yield new Update(round, base, delta, (int) size, in.uint64(), in.string(Limits.MAX_STRING));
        }
        case 2 -> new Bond(in.uint64());
        case 3 -> new Unbond(in.uint64());
        case 4 -> new Propose(in.object(Proposal.CODEC, Limits.MAX_TX_BYTES));
        case 5 -> new VoteOnProposal(in.uint64(), in.bool());
        case 6 -> new Evidence(in.object(Vote.CODEC, Limits.MAX_VOTE_BYTES), in.object(Vote.CODEC, Limits.MAX_VOTE_BYTES));
        default -> throw SszIn.unknownVariant("transaction", selector);
      };
    }
  };
}
