package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.MemberId;

/** A governance change; applied when the proposal's yes votes exceed 2/3 of total stake. */
public sealed interface Proposal
    permits Proposal.AdmitMember, Proposal.RemoveMember, Proposal.ChangeRoles, Proposal.ChangeParam {

  /** Admits a new member with its roles and an initial stake minted by the chain. */
  record AdmitMember(MemberId member, Roles roles, long stake) implements Proposal {}

  record RemoveMember(MemberId member) implements Proposal {}

  record ChangeRoles(MemberId member, Roles roles) implements Proposal {}

  /** Sets an FL or consensus parameter; the name and value are checked when the proposal is made. */
  record ChangeParam(String name, String value) implements Proposal {}

  SszCodec<Proposal> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Proposal p) {
      if (p instanceof AdmitMember a) {
        out.uint8(1);
        out.member(a.member());
        out.uint8(a.roles().bits());
        out.uint64(a.stake());
      } else if (p instanceof RemoveMember r) {
        out.uint8(2);
        out.member(r.member());
      } else if (p instanceof ChangeRoles c) {
        out.uint8(3);
        out.member(c.member());
        out.uint8(c.roles().bits());
      } else if (p instanceof ChangeParam c) {
        out.uint8(4);
        out.string(c.name());
        out.string(c.value());
      } else {
        throw new IllegalStateException("unknown variant " + p);
      }
    }

    @Override
    public Proposal read(SszIn in) {
      int selector = in.uint8();
      return switch (selector) {
        case 1 -> new AdmitMember(in.member(), roles(in.uint8()), in.uint64());
        case 2 -> new RemoveMember(in.member());
        case 3 -> new ChangeRoles(in.member(), roles(in.uint8()));
        case 4 -> new ChangeParam(in.string(Limits.MAX_STRING), in.string(Limits.MAX_STRING));
        default -> throw SszIn.unknownVariant("proposal", selector);
      };
    }

    private Roles roles(int bits) {
      try {
        return Roles.ofBits(bits);
      } catch (IllegalArgumentException e) {
        throw new io.fedchain.chain.codec.DecodingException(e.getMessage());
      }
    }
  };
}
