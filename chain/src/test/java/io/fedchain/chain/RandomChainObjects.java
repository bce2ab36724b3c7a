package io.fedchain.chain;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
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
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seeded random values of every chain type (Teku's {@code DataStructureUtil} idea): the same seed
 * gives the same values, so a failing round trip names the seed that reproduces it. Values are
 * valid for their codec (within its limits) but not meaningful: signatures are random bytes and
 * keys random 32-byte strings, which the encoding does not check.
 */
public final class RandomChainObjects {
  /** Characters of 1 to 4 UTF-8 bytes, so strings exercise multi-byte encodings. */
  private static final int[] CODE_POINTS = {'a', 'z', '0', '-', '/', ':', ' ', 0xe9, 0x3bb, 0x4e2d, 0x1f600};
  private static final String[] VERDICT_RULES = {"loo", "relative", "absolute", "leave-one-out"};
  private static final String[] AGGREGATORS = {"fedavg", "median", "trimmed-mean:0.1", "trimmed-mean:0.25", "krum:1",
      "multi-krum:1:3"};
  private static final String[] CODECS = {"float32", "int8", "int8:64", "topk:0.01", "topk:100"};
  private static final String[] MODELS = {"softmax:784-10", "mlp:784-128-10", "mlp:16-8-4", "dl4j-cnn", "dl4j-mlp"};

  private final Random rnd;

  public RandomChainObjects(long seed) {
    this.rnd = new Random(seed);
  }

  public Random random() {
    return rnd;
  }

  // --- scalars ---------------------------------------------------------------------------------

  /** A uint64 value: small most of the time, sometimes anywhere up to 2^63-1, sometimes the edges. */
  public long uint64() {
    return switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE;
      case 2, 3 -> rnd.nextLong() & Long.MAX_VALUE;
      default -> rnd.nextInt(100_000);
    };
  }

  /** A value in [0, 2^31 - 1]: what int fields written as uint32 may hold. */
  public int uint31() {
    return switch (rnd.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Integer.MAX_VALUE;
      case 2 -> rnd.nextInt() & Integer.MAX_VALUE;
      default -> rnd.nextInt(1000);
    };
  }

  public long int64() {
    return rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextInt(2001) - 1000;
  }

  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  public Hash32 hash() {
    return Hash32.wrap(bytes(32));
  }

  public MemberId memberId() {
    return MemberId.ofPublicKey(bytes(32));
  }

  /** A string of at most {@code maxBytes} UTF-8 bytes. */
  public String string(int maxBytes) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(Math.min(24, maxBytes / 4) + 1);
    for (int i = 0; i < n; i++) {
      int cp = rnd.nextBoolean() ? 'a' + rnd.nextInt(26) : CODE_POINTS[rnd.nextInt(CODE_POINTS.length)];
      sb.appendCodePoint(cp);
    }
    if (rnd.nextInt(20) == 0) {
      // Sometimes exactly at the limit.
      return "x".repeat(maxBytes);
    }
    String s = sb.toString();
    if (s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new IllegalStateException("generator bug: string over " + maxBytes + " bytes");
    }
    return s;
  }

  public Roles roles() {
    return Roles.ofBits(rnd.nextInt(4));
  }

  private <T> T pick(T[] options) {
    return options[rnd.nextInt(options.length)];
  }

  // --- transactions and votes --------------------------------------------------------------------

  public static final int PROPOSAL_VARIANTS = 4;
  public static final int TX_VARIANTS = 6;

  public Proposal proposal() {
    return proposal(rnd.nextInt(PROPOSAL_VARIANTS));
  }

  /** The proposal variant of index {@code v} (0 AdmitMember, 1 RemoveMember, 2 ChangeRoles, 3 ChangeParam). */
  public Proposal proposal(int v) {
    return switch (v) {
      case 0 -> new Proposal.AdmitMember(memberId(), roles(), uint64());
      case 1 -> new Proposal.RemoveMember(memberId());
      case 2 -> new Proposal.ChangeRoles(memberId(), roles());
      case 3 -> new Proposal.ChangeParam(string(256), string(256));
      default -> throw new IllegalArgumentException("no proposal variant " + v);
    };
  }

  public TxBody txBody() {
    return txBody(rnd.nextInt(TX_VARIANTS));
  }

  /** The variant of index {@code v}: 0 Update, 1 Bond, 2 Unbond, 3 Propose, 4 VoteOnProposal, 5 Evidence. */
  public TxBody txBody(int v) {
    return switch (v) {
      case 0 -> new TxBody.Update(uint64(), hash(), hash(), uint31(), uint64(), string(256));
      case 1 -> new TxBody.Bond(uint64());
      case 2 -> new TxBody.Unbond(uint64());
      case 3 -> new TxBody.Propose(proposal());
      case 4 -> new TxBody.VoteOnProposal(uint64(), rnd.nextBoolean());
      case 5 -> new TxBody.Evidence(vote(), vote());
      default -> throw new IllegalArgumentException("no transaction variant " + v);
    };
  }

  public SignedTx signedTx() {
    return signedTx(txBody());
  }

  public SignedTx signedTx(TxBody body) {
    return new SignedTx(body, memberId(), uint64(), bytes(64));
  }

  public Vote vote() {
    return vote(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40));
  }

  /** A vote with verdicts on {@code updates} updates (at most 1024). */
  public Vote vote(int updates) {
    byte[] bitmap = new byte[(updates + 7) / 8];
    for (int i = 0; i < updates; i++) {
      if (rnd.nextBoolean()) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    short[] scores = new short[updates];
    for (int i = 0; i < updates; i++) {
      scores[i] = (short) rnd.nextInt(1 << 16);
    }
    Hash32 block = rnd.nextInt(5) == 0 ? Hash32.ZERO : hash();
    return new Vote(uint64(), uint31(), rnd.nextBoolean() ? Vote.Step.PREVOTE : Vote.Step.PRECOMMIT, block, memberId(),
        bitmap, scores, bytes(64));
  }

  public CommitCertificate commitCertificate() {
    List<Vote> votes = new ArrayList<>();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      votes.add(vote());
    }
    return new CommitCertificate(uint64(), uint31(), hash(), votes);
  }

  // --- blocks ------------------------------------------------------------------------------------

  public BlockHeader blockHeader() {
    return new BlockHeader(string(256), uint64(), uint31(), hash(), memberId(), uint64(), hash(), hash(), hash(), hash(),
        uint64(), hash());
  }

  public BlockBody blockBody() {
    List<SignedTx> txs = new ArrayList<>();
    int n = rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      txs.add(signedTx());
    }
    return new BlockBody(txs, rnd.nextBoolean() ? Optional.of(commitCertificate()) : Optional.empty());
  }

  public Block block() {
    return new Block(blockHeader(), blockBody());
  }

  public CommittedBlock committedBlock() {
    return new CommittedBlock(block(), commitCertificate());
  }

  // --- state -------------------------------------------------------------------------------------

  public Params params() {
    return new Params(1 + rnd.nextInt(1000), 1 + (uint64() % Long.MAX_VALUE), rnd.nextInt(10_001), pick(VERDICT_RULES),
        pick(AGGREGATORS), pick(CODECS), 1 + rnd.nextInt(Integer.MAX_VALUE), uint64(), uint64(), rnd.nextInt(10_001),
        uint31(), uint31(), rnd.nextInt(), uint31(), uint64(), 1 + (uint64() % Long.MAX_VALUE),
        1 + (uint64() % Long.MAX_VALUE), 1 + (uint64() % Long.MAX_VALUE), uint64());
  }

  public Member member() {
    return member(memberId());
  }

  public Member member(MemberId id) {
    List<Member.Unbonding> unbonding = new ArrayList<>();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      unbonding.add(new Member.Unbonding(uint64(), uint64()));
    }
    return new Member(id, roles(), uint64(), uint64(), uint64(), int64(), uint64(), unbonding);
  }

  public RoundState.UpdateRef updateRef() {
    return new RoundState.UpdateRef(memberId(), hash(), uint64(), string(64));
  }

  private List<RoundState.UpdateRef> updateRefs() {
    List<RoundState.UpdateRef> out = new ArrayList<>();
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      out.add(updateRef());
    }
    return out;
  }

  public RoundState roundState() {
    return new RoundState(uint64(), hash(), uint64(), uint64(), updateRefs(), updateRefs(), updateRefs());
  }

  public ProposalState proposalState() {
    return proposalState(uint64());
  }

  /** Voters in key order, as the state keeps them. */
  public ProposalState proposalState(long id) {
    return new ProposalState(id, memberId(), proposal(), uint64(), sortedIds(rnd.nextInt(5)),
        sortedIds(rnd.nextInt(5)));
  }

  private List<MemberId> sortedIds(int n) {
    TreeSet<MemberId> ids = new TreeSet<>();
    while (ids.size() < n) {
      ids.add(memberId());
    }
    return List.copyOf(ids);
  }

  /** A state with members in key order, proposals in id order and evidence keys in hash order. */
  public ChainState chainState() {
    SortedMap<MemberId, Member> members = new TreeMap<>();
    int n = 1 + rnd.nextInt(6);
    while (members.size() < n) {
      Member m = member();
      members.put(m.id(), m);
    }
    List<ProposalState> proposals = new ArrayList<>();
    long id = rnd.nextInt(10);
    int p = rnd.nextInt(4);
    for (int i = 0; i < p; i++) {
      id += 1 + rnd.nextInt(5);
      proposals.add(proposalState(id));
    }
    TreeSet<Hash32> slashed = new TreeSet<>();
    int s = rnd.nextInt(4);
    while (slashed.size() < s) {
      slashed.add(hash());
    }
    SortedMap<MemberId, Long> validators = new TreeMap<>();
    for (MemberId m : members.keySet()) {
      if (rnd.nextBoolean()) {
        validators.put(m, uint64());
      }
    }
    SortedMap<MemberId, Long> priorities = new TreeMap<>();
    for (MemberId m : validators.keySet()) {
      priorities.put(m, rnd.nextLong());
    }
    return new ChainState(string(256), hash(), uint64(), hash(), uint64(), params(), members, roundState(), proposals,
        uint64(), List.copyOf(slashed), validators, priorities);
  }

  public Genesis genesis() {
    List<Genesis.Account> accounts = new ArrayList<>();
    TreeSet<MemberId> ids = new TreeSet<>();
    int n = 1 + rnd.nextInt(6);
    while (ids.size() < n) {
      ids.add(memberId());
    }
    List<MemberId> shuffled = new ArrayList<>(ids);
    java.util.Collections.shuffle(shuffled, rnd);
    for (MemberId id : shuffled) {
      accounts.add(new Genesis.Account(id, roles(), uint64(), uint64()));
    }
    // At least one validator with stake, or the genesis is (rightly) refused.
    Genesis.Account first = accounts.get(0);
    accounts.set(0, new Genesis.Account(first.id(), new Roles(first.roles().trainer(), true),
        1 + (first.stake() % Long.MAX_VALUE), first.balance()));
    return new Genesis(chainId(), uint64(), pick(MODELS), int64(), accounts, params());
  }

  private String chainId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-";
    StringBuilder sb = new StringBuilder();
    sb.append(alphabet.charAt(rnd.nextInt(36)));
    int n = rnd.nextInt(64);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
