package io.fedchain.chain.state;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.types.Roles;
import java.util.List;

/**
 * A member's account: roles, bonded stake (its voting weight), spendable balance, the next nonce
 * its transactions must use, trainer reputation, suspension, and stake on its way back from
 * unbonding.
 *
 * @param suspendedUntilRound the member may not send updates before this FL round
 */
public record Member(MemberId id, Roles roles, long stake, long balance, long nonce, long reputation,
    long suspendedUntilRound, List<Unbonding> unbonding) {

  /** Stake that returns to the balance at {@code releaseHeight}. */
  public record Unbonding(long amount, long releaseHeight) {}

  public Member {
    unbonding = List.copyOf(unbonding);
    if (stake < 0 || balance < 0 || nonce < 0) {
      throw new IllegalArgumentException("negative stake, balance or nonce for " + id);
    }
  }

  public boolean isValidator() {
    return roles.validator() && stake > 0;
  }

  public Member withStake(long s) {
    return new Member(id, roles, s, balance, nonce, reputation, suspendedUntilRound, unbonding);
  }

  public Member withBalance(long b) {
    return new Member(id, roles, stake, b, nonce, reputation, suspendedUntilRound, unbonding);
  }

  public Member withNonce(long n) {
    return new Member(id, roles, stake, balance, n, reputation, suspendedUntilRound, unbonding);
  }

  public Member withReputation(long r, long suspendedUntil) {
    return new Member(id, roles, stake, balance, nonce, r, suspendedUntil, unbonding);
  }

  public Member withRoles(Roles r) {
    return new Member(id, r, stake, balance, nonce, reputation, suspendedUntilRound, unbonding);
  }

  public Member withUnbonding(List<Unbonding> u) {
    return new Member(id, roles, stake, balance, nonce, reputation, suspendedUntilRound, u);
  }

  private static final SszCodec<Unbonding> UNBONDING = new SszCodec<>() {
    @Override
    public void write(SszOut out, Unbonding u) {
      out.uint64(u.amount());
      out.uint64(u.releaseHeight());
    }

    @Override
    public Unbonding read(SszIn in) {
      return new Unbonding(in.uint64(), in.uint64());
    }
  };

  public static final SszCodec<Member> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Member m) {
      out.member(m.id);
      out.uint8(m.roles.bits());
      out.uint64(m.stake);
      out.uint64(m.balance);
      out.uint64(m.nonce);
      out.int64(m.reputation);
      out.uint64(m.suspendedUntilRound);
      out.list(UNBONDING, m.unbonding);
    }

    @Override
    public Member read(SszIn in) {
      try {
        return new Member(in.member(), Roles.ofBits(in.uint8()), in.uint64(), in.uint64(), in.uint64(), in.int64(),
            in.uint64(), in.list(UNBONDING, 4096, 64));
      } catch (IllegalArgumentException e) {
        throw new DecodingException("invalid member: " + e.getMessage());
      }
    }
  };
}
