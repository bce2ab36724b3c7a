package io.fedchain.chain.state;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.types.Proposal;
import java.util.List;

/** An open governance proposal and the members that voted yes and no, in id order. */
public record ProposalState(long id, MemberId proposer, Proposal proposal, long createdHeight, List<MemberId> yes,
    List<MemberId> no) {

  public ProposalState {
    yes = List.copyOf(yes);
    no = List.copyOf(no);
  }

  private static final SszCodec<MemberId> MEMBER = new SszCodec<>() {
    @Override
    public void write(SszOut out, MemberId m) {
      out.member(m);
    }

    @Override
    public MemberId read(SszIn in) {
      return in.member();
    }
  };

  public static final SszCodec<ProposalState> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, ProposalState p) {
      out.uint64(p.id);
      out.member(p.proposer);
      out.object(Proposal.CODEC, p.proposal);
      out.uint64(p.createdHeight);
      out.list(MEMBER, p.yes);
      out.list(MEMBER, p.no);
    }

    @Override
    public ProposalState read(SszIn in) {
      ProposalState p = new ProposalState(in.uint64(), in.member(), in.object(Proposal.CODEC, 4096), in.uint64(),
          in.list(MEMBER, 10_000, 64), in.list(MEMBER, 10_000, 64));
      // Fix: the transition keeps each voter list sorted by key; decoding did not check it.
      ChainState.strictlyIncreasing(p.yes, "yes voters");
      ChainState.strictlyIncreasing(p.no, "no voters");
      return p;
    }
  };
}
