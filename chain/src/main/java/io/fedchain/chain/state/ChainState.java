package io.fedchain.chain.state;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.Merkle;
import io.fedchain.chain.crypto.MemberId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state after block {@code height}: an immutable value; the transition makes a new one.
 * Collections are kept sorted (members by key, proposals by id, evidence by hash) so the encoding
 * and the root are canonical.
 *
 * @param lastValidators the validators, with their stake, that voted on block {@code height}: the
 *     next block's {@code lastCommit} is checked against them
 * @param slashed keys of equivocations already punished, so the same evidence counts once
 * @param proposerPriority the validators' proposer priorities after block {@code height} (see
 *     {@link ProposerRotation})
 */
public record ChainState(String chainId, Hash32 genesisHash, long height, Hash32 lastBlockHash, long lastBlockTime,
    Params params, SortedMap<MemberId, Member> members, RoundState round, List<ProposalState> proposals,
    long nextProposalId, List<Hash32> slashed, SortedMap<MemberId, Long> lastValidators,
    SortedMap<MemberId, Long> proposerPriority) {

  public ChainState {
    members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
    proposals = List.copyOf(proposals);
    slashed = List.copyOf(slashed);
    lastValidators = Collections.unmodifiableSortedMap(new TreeMap<>(lastValidators));
    proposerPriority = Collections.unmodifiableSortedMap(new TreeMap<>(proposerPriority));
  }

  /** The validator expected to propose the next block in consensus round {@code round}. */
  public MemberId proposer(int round) {
    return ProposerRotation.proposer(proposerPriority, validators(), round);
  }

  /** Members with the validator role and stake: they vote on the next block, weighted by stake. */
  public SortedMap<MemberId, Long> validators() {
    SortedMap<MemberId, Long> out = new TreeMap<>();
    for (Member m : members.values()) {
      if (m.isValidator()) {
        out.put(m.id(), m.stake());
      }
    }
    return out;
  }

  public long totalStake() {
    long sum = 0;
    for (Member m : members.values()) {
      if (m.isValidator()) {
        sum += m.stake();
      }
    }
    return sum;
  }

  /** The same state recording another hash for its last block. */
  public ChainState withLastBlockHash(Hash32 hash) {
    return new ChainState(chainId, genesisHash, height, hash, lastBlockTime, params, members, round, proposals,
        nextProposalId, slashed, lastValidators, proposerPriority);
  }

  /**
   * Merkle root over the state's parts: the globals, the parameters, the round, the last validator
   * set, each proposal, each member, and the evidence list, in that order. The last block's hash is
   * not part of it: the header that carries this root is that block.
   */
  public Hash32 root() {
    List<byte[]> leaves = new ArrayList<>();
    leaves.add(GLOBALS.encode(this));
    leaves.add(Params.CODEC.encode(params));
    leaves.add(RoundState.CODEC.encode(round));
    leaves.add(VALIDATORS.encode(lastValidators));
    leaves.add(PRIORITIES.encode(proposerPriority));
    for (ProposalState p : proposals) {
      leaves.add(ProposalState.CODEC.encode(p));
    }
    for (Member m : members.values()) {
      leaves.add(Member.CODEC.encode(m));
    }
    for (Hash32 h : slashed) {
      leaves.add(h.toBytes());
    }
    return Merkle.root(leaves);
  }

  private static final io.fedchain.chain.codec.SszEncoder<ChainState> GLOBALS = (out, s) -> {
    out.string(s.chainId);
    out.hash(s.genesisHash);
    out.uint64(s.height);
    out.uint64(s.lastBlockTime);
    out.uint64(s.nextProposalId);
  };

  private static final SszCodec<SortedMap<MemberId, Long>> VALIDATORS = new SszCodec<>() {
    @Override
    public void write(SszOut out, SortedMap<MemberId, Long> v) {
      out.uint32(v.size());
      for (var e : v.entrySet()) {
        out.member(e.getKey());
        out.uint64(e.getValue());
      }
    }

    @Override
    public SortedMap<MemberId, Long> read(SszIn in) {
      long n = in.uint32();
      if (n > 100_000) {
        throw new io.fedchain.chain.codec.DecodingException("validator set of " + n + " entries");
      }
      SortedMap<MemberId, Long> out = new TreeMap<>();
      MemberId previous = null;
      for (int i = 0; i < n; i++) {
        MemberId id = in.member();
        if (previous != null && previous.compareTo(id) >= 0) {
          throw new io.fedchain.chain.codec.DecodingException("validator set not in key order");
        }
        previous = id;
        out.put(id, in.uint64());
      }
      return out;
    }
  };

  private static final SszCodec<SortedMap<MemberId, Long>> PRIORITIES = new SszCodec<>() {
    @Override
    public void write(SszOut out, SortedMap<MemberId, Long> v) {
      out.uint32(v.size());
      for (var e : v.entrySet()) {
        out.member(e.getKey());
        out.int64(e.getValue());
      }
    }

    @Override
    public SortedMap<MemberId, Long> read(SszIn in) {
      long n = in.uint32();
      if (n > 100_000) {
        throw new io.fedchain.chain.codec.DecodingException("priority list of " + n + " entries");
      }
      SortedMap<MemberId, Long> out = new TreeMap<>();
      MemberId previous = null;
      for (int i = 0; i < n; i++) {
        MemberId id = in.member();
        if (previous != null && previous.compareTo(id) >= 0) {
          throw new io.fedchain.chain.codec.DecodingException("priorities not in key order");
        }
        previous = id;
        out.put(id, in.int64());
      }
      return out;
    }
  };

  private static final SszCodec<Hash32> HASH = new SszCodec<>() {
    @Override
    public void write(SszOut out, Hash32 h) {
      out.hash(h);
    }

    @Override
    public Hash32 read(SszIn in) {
      return in.hash();
    }
  };

  /** Fails unless each item is greater than the one before: sorted and without duplicates. */
  static <T extends Comparable<T>> void strictlyIncreasing(List<T> items, String what) {
    for (int i = 1; i < items.size(); i++) {
      if (items.get(i - 1).compareTo(items.get(i)) >= 0) {
        throw new io.fedchain.chain.codec.DecodingException(what + " not in strictly increasing order at item " + i);
      }
    }
  }

  /** The whole state, for storage (the store keeps it per height). */
  public static final SszCodec<ChainState> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, ChainState s) {
      GLOBALS.write(out, s);
      out.hash(s.lastBlockHash);
      out.object(Params.CODEC, s.params);
      out.list(Member.CODEC, List.copyOf(s.members.values()));
      out.object(RoundState.CODEC, s.round);
      out.list(ProposalState.CODEC, s.proposals);
      out.list(HASH, s.slashed);
      out.object(VALIDATORS, s.lastValidators);
      out.object(PRIORITIES, s.proposerPriority);
    }

    @Override
    public ChainState read(SszIn in) {
      String chainId = in.string(256);
      Hash32 genesis = in.hash();
      long height = in.uint64();
      long time = in.uint64();
      long nextProposal = in.uint64();
      Hash32 last = in.hash();
      Params params = in.object(Params.CODEC, 4096);
      // Fix: members were only checked for duplicates; out of key order they decoded into the sorted
      // map and re-encoded to other bytes. Proposals and evidence keys were not checked at all, yet
      // the transition relies on their order (binary search over the evidence keys).
      SortedMap<MemberId, Member> members = new TreeMap<>();
      List<Member> memberList = in.list(Member.CODEC, 100_000, 1 << 20);
      strictlyIncreasing(memberList.stream().map(Member::id).toList(), "members (by key)");
      for (Member m : memberList) {
        members.put(m.id(), m);
      }
      RoundState round = in.object(RoundState.CODEC, 64 << 20);
      List<ProposalState> proposals = in.list(ProposalState.CODEC, 100_000, 1 << 20);
      for (int i = 1; i < proposals.size(); i++) {
        if (proposals.get(i - 1).id() >= proposals.get(i).id()) {
          throw new io.fedchain.chain.codec.DecodingException("proposals not in strictly increasing id order");
        }
      }
      List<Hash32> slashed = in.list(HASH, 1_000_000, 64);
      strictlyIncreasing(slashed, "slashed evidence keys");
      SortedMap<MemberId, Long> validators = in.object(VALIDATORS, 8 << 20);
      SortedMap<MemberId, Long> priorities = in.object(PRIORITIES, 8 << 20);
      return new ChainState(chainId, genesis, height, last, time, params, members, round, proposals, nextProposal,
          slashed, validators, priorities);
    }
  };
}
