package io.fedchain.chain.genesis;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.state.ProposerRotation;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.types.Roles;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a chain starts from (see {@link GenesisJson} for the file). Its hash, SHA-256 of its
 * canonical encoding, identifies the chain: nodes with different genesis files are on different
 * chains even when the chain ids match.
 *
 * @param modelSpec the model architecture ({@code ModelSpec} text, e.g. {@code mlp:784-128-10})
 * @param initSeed seed of the initial weights: every node derives the same model version 0
 */
public record Genesis(String chainId, long genesisTimeMillis, String modelSpec, long initSeed, List<Account> members,
    Params params) {

  /** A founding member. */
  public record Account(MemberId id, Roles roles, long stake, long balance) {}

  public Genesis {
    members = List.copyOf(members);
    if (!chainId.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("chainId '" + chainId
          + "' must be 1-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
    }
    // Fix: a time before 1970 or a negative amount was accepted here and failed later, when the
    // genesis was hashed (uint64 fields) or its state built, with a message naming neither.
    if (genesisTimeMillis < 0) {
      throw new IllegalArgumentException("genesisTime " + java.time.Instant.ofEpochMilli(genesisTimeMillis)
          + " is before 1970-01-01T00:00:00Z");
    }
    for (Account a : members) {
      if (a.stake() < 0 || a.balance() < 0) {
        throw new IllegalArgumentException("members: " + a.id() + " has a negative stake or balance");
      }
    }
    modelSpec = ModelSpec.parse(modelSpec).toString();
    if (members.isEmpty()) {
      throw new IllegalArgumentException("members: a chain needs at least one member");
    }
    if (members.stream().map(Account::id).distinct().count() != members.size()) {
      throw new IllegalArgumentException("members: the same peer id appears twice");
    }
    if (members.stream().noneMatch(a -> a.roles().validator() && a.stake() > 0)) {
      throw new IllegalArgumentException("members: no validator with stake; the chain could never commit a block");
    }
  }

  public Hash32 hash() {
    return Hash32.sha256(CODEC.encode(this));
  }

  /** The model at version 0. */
  public float[] initialModel() {
    return ModelSpec.parse(modelSpec).newModel().initialParameters(initSeed);
  }

  /** The state before block 1. */
  public ChainState initialState() {
    SortedMap<MemberId, Member> accounts = new TreeMap<>();
    for (Account a : members) {
      accounts.put(a.id(), new Member(a.id(), a.roles(), a.stake(), a.balance(), 0, 0, 0, List.of()));
    }
    Hash32 modelHash = Hash32.wrap(Parameters.sha256(initialModel()));
    RoundState round = new RoundState(0, modelHash, 0, genesisTimeMillis, List.of(), List.of(), List.of());
    ChainState bare = new ChainState(chainId, hash(), 0, hash(), genesisTimeMillis, params, accounts, round, List.of(),
        1, List.of(), new TreeMap<>(), new TreeMap<>());
    return new ChainState(chainId, hash(), 0, hash(), genesisTimeMillis, params, accounts, round, List.of(), 1,
        List.of(), new TreeMap<>(), ProposerRotation.reconcile(new TreeMap<>(), bare.validators()));
  }

  private static final SszCodec<Account> ACCOUNT = new SszCodec<>() {
    @Override
    public void write(SszOut out, Account a) {
      out.member(a.id());
      out.uint8(a.roles().bits());
      out.uint64(a.stake());
      out.uint64(a.balance());
    }

    @Override
    public Account read(SszIn in) {
      try {
        return new Account(in.member(), Roles.ofBits(in.uint8()), in.uint64(), in.uint64());
      } catch (IllegalArgumentException e) {
        throw new io.fedchain.chain.codec.DecodingException(e.getMessage());
      }
    }
  };

  public static final SszCodec<Genesis> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Genesis g) {
      out.string(g.chainId);
      out.uint64(g.genesisTimeMillis);
      out.string(g.modelSpec);
      out.int64(g.initSeed);
      out.list(ACCOUNT, g.members);
      out.object(Params.CODEC, g.params);
    }

    @Override
    public Genesis read(SszIn in) {
      String chainId = in.string(64);
      long time = in.uint64();
      String modelSpec = in.string(256);
      Genesis g;
      try {
        g = new Genesis(chainId, time, modelSpec, in.int64(), in.list(ACCOUNT, 10_000, 64),
            in.object(Params.CODEC, 4096));
      } catch (IllegalArgumentException e) {
        throw new io.fedchain.chain.codec.DecodingException("invalid genesis: " + e.getMessage());
      }
      // Fix: the constructor canonicalizes the model spec ("SOFTMAX" -> "softmax:784-10"); accepting
      // another spelling gave one genesis several encodings, hence several chain hashes.
      if (!g.modelSpec.equals(modelSpec)) {
        throw new io.fedchain.chain.codec.DecodingException("genesis model spec '" + modelSpec
            + "' is not in its canonical form '" + g.modelSpec + "'");
      }
      return g;
    }
  };
}
