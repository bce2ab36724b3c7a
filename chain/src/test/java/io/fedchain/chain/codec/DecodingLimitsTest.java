package io.fedchain.chain.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.RandomChainObjects;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.state.ProposalState;
import io.fedchain.chain.state.RoundState;
import io.fedchain.chain.types.BlockBody;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hand-built encodings that break one rule each: over-long lists and byte strings, unknown union
 * selectors, and values with a second, non-canonical spelling. Each must fail with a
 * {@link DecodingException} whose message says what is wrong.
 */
class DecodingLimitsTest {
  private final RandomChainObjects random = new RandomChainObjects(7);

  /** Little-endian SSZ pieces, as {@link SszOut} writes them. */
  private static final class Raw {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Raw u8(int v) {
      out.write(v);
      return this;
    }

    Raw u32(long v) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Raw u64(long v) {
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Raw fixed(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    /** A length-prefixed byte string, nested object or UTF-8 string. */
    Raw bytes(byte[] b) {
      return u32(b.length).fixed(b);
    }

    Raw string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] done() {
      return out.toByteArray();
    }
  }

  private static void assertRejected(String expectedInMessage, Executable decode) {
    DecodingException e = assertThrows(DecodingException.class, decode);
    assertTrue(e.getMessage().contains(expectedInMessage), "expected '" + expectedInMessage + "' in: " + e.getMessage());
  }

  // --- union selectors -----------------------------------------------------------------------------

  @Test
  void shouldRejectEveryTransactionSelectorThisVersionDoesNotKnow() {
    for (int selector = 0; selector < 256; selector++) {
      if (selector >= 1 && selector <= 6) {
        continue;
      }
      byte[] bytes = new Raw().u8(selector).u64(5).done();
      assertRejected("unknown transaction variant " + selector, () -> TxBody.CODEC.decode(bytes, Limits.MAX_TX_BYTES));
    }
  }

  @Test
  void shouldRejectEveryProposalSelectorThisVersionDoesNotKnow() {
    for (int selector = 0; selector < 256; selector++) {
      if (selector >= 1 && selector <= 4) {
        continue;
      }
      byte[] bytes = new Raw().u8(selector).fixed(new byte[32]).done();
      assertRejected("unknown proposal variant " + selector, () -> Proposal.CODEC.decode(bytes, Limits.MAX_TX_BYTES));
    }
  }

  @Test
  void shouldRejectAnUnknownSelectorNestedInATransaction() {
    byte[] propose = new Raw().u8(4).bytes(new Raw().u8(9).done()).done();
    byte[] tx = new Raw().bytes(propose).fixed(new byte[32]).u64(0).bytes(new byte[64]).done();
    assertRejected("unknown proposal variant 9", () -> SignedTx.CODEC.decode(tx, Limits.MAX_TX_BYTES));
  }

  @Test
  void shouldRejectAnUnknownVoteStep() {
    for (int step : new int[] {0, 3, 255}) {
      byte[] bytes = vote(1, step, new byte[0], new byte[0], new byte[64]);
      assertRejected("unknown vote step variant " + step, () -> Vote.CODEC.decode(bytes, Limits.MAX_VOTE_BYTES));
    }
  }

  @Test
  void shouldRejectUnknownRoleBits() {
    byte[] admit = new Raw().u8(1).fixed(new byte[32]).u8(4).u64(10).done();
    assertRejected("unknown role bits 4", () -> Proposal.CODEC.decode(admit, Limits.MAX_TX_BYTES));
    Member m = random.member();
    byte[] bytes = Member.CODEC.encode(m);
    bytes[32] = 7;
    assertRejected("unknown role bits 7", () -> Member.CODEC.decode(bytes, 1 << 20));
  }

  // --- lists above their limits --------------------------------------------------------------------

  @Test
  void shouldRejectABlockWithMoreTransactionsThanTheLimit() {
    for (long n : new long[] {Limits.MAX_TXS_PER_BLOCK + 1, Integer.MAX_VALUE, 0xFFFF_FFFFL}) {
      byte[] bytes = new Raw().u32(n).done();
      assertRejected("list of " + n + " items exceeds the limit of " + Limits.MAX_TXS_PER_BLOCK,
          () -> BlockBody.CODEC.decode(bytes, Limits.MAX_BLOCK_BYTES));
    }
  }

  @Test
  void shouldRejectACertificateWithMoreVotesThanTheLimit() {
    byte[] bytes = new Raw().u64(3).u32(0).fixed(new byte[32]).u32(Limits.MAX_VOTES + 1).done();
    assertRejected("list of 1025 items exceeds the limit of 1024",
        () -> CommitCertificate.CODEC.decode(bytes, Limits.MAX_VOTES * Limits.MAX_VOTE_BYTES));
  }

  @Test
  void shouldRejectStateListsAboveTheirLimits() {
    ChainState s = random.chainState();
    byte[] params = Params.CODEC.encode(s.params());
    byte[] prefix = new Raw().string(s.chainId()).fixed(s.genesisHash().toBytes()).u64(s.height())
        .u64(s.lastBlockTime()).u64(s.nextProposalId()).fixed(s.lastBlockHash().toBytes()).bytes(params).done();
    byte[] members = new Raw().fixed(prefix).u32(100_001).done();
    assertRejected("list of 100001 items exceeds the limit of 100000", () -> ChainState.CODEC.decode(members, 1 << 28));

    byte[] round = new Raw().u64(0).fixed(new byte[32]).u64(0).u64(0).u32(100_001).done();
    assertRejected("list of 100001 items exceeds the limit of 100000", () -> RoundState.CODEC.decode(round, 1 << 26));

    byte[] proposal = new Raw().u64(1).fixed(new byte[32]).bytes(Proposal.CODEC.encode(random.proposal())).u64(1)
        .u32(10_001).done();
    assertRejected("list of 10001 items exceeds the limit of 10000", () -> ProposalState.CODEC.decode(proposal, 1 << 20));

    byte[] member = new Raw().fixed(new byte[32]).u8(3).u64(1).u64(1).u64(0).u64(0).u64(0).u32(4097).done();
    assertRejected("list of 4097 items exceeds the limit of 4096", () -> Member.CODEC.decode(member, 1 << 20));

    byte[] genesis = new Raw().string("devnet").u64(0).string("softmax:784-10").u64(1).u32(10_001).done();
    assertRejected("list of 10001 items exceeds the limit of 10000", () -> Genesis.CODEC.decode(genesis, 1 << 20));
  }

  @Test
  void shouldRejectByteStringsAboveTheirLimits() {
    // A verdict bitmap for more than 1024 updates, a signature longer than 64 bytes, a 257-byte chain id.
    byte[] bitmap = vote(2, 2, new byte[Limits.MAX_UPDATES_PER_BLOCK / 8 + 1], new byte[0], new byte[64]);
    assertRejected("exceed", () -> Vote.CODEC.decode(bitmap, Limits.MAX_VOTE_BYTES));
    byte[] sig = vote(2, 2, new byte[0], new byte[0], new byte[65]);
    assertRejected("exceed", () -> Vote.CODEC.decode(sig, Limits.MAX_VOTE_BYTES));
    BlockHeader h = random.blockHeader();
    byte[] header = BlockHeader.CODEC.encode(new BlockHeader("x".repeat(Limits.MAX_STRING + 1), h.height(), h.round(),
        h.parentHash(), h.proposer(), h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(),
        h.stateRoot(), h.modelVersion(), h.modelHash()));
    assertRejected("exceed", () -> BlockHeader.CODEC.decode(header, 4096));
  }

  @Test
  void shouldRejectInputAboveTheTopLevelLimit() {
    byte[] bytes = Vote.CODEC.encode(random.vote(8));
    assertRejected(bytes.length + " bytes exceed the limit of " + (bytes.length - 1),
        () -> Vote.CODEC.decode(bytes, bytes.length - 1));
    assertEquals(Vote.CODEC.decode(bytes, bytes.length), Vote.CODEC.decode(bytes, bytes.length + 1));
  }

  // --- one value, one encoding ---------------------------------------------------------------------

  @Test
  void shouldRejectABooleanByteOtherThanZeroOrOne() {
    byte[] body = new Raw().u32(0).u8(2).done();
    assertRejected("boolean byte 2 is neither 0 nor 1", () -> BlockBody.CODEC.decode(body, Limits.MAX_BLOCK_BYTES));
    byte[] vote = new Raw().u8(5).u64(1).u8(0xff).done();
    assertRejected("boolean byte 255", () -> TxBody.CODEC.decode(vote, Limits.MAX_TX_BYTES));
  }

  @Test
  void shouldRejectUint64ValuesAboveTheSignedRange() {
    byte[] bond = new Raw().u8(2).u64(-1L).done();
    assertRejected("uint64 value above 2^63-1", () -> TxBody.CODEC.decode(bond, Limits.MAX_TX_BYTES));
    byte[] bond2 = new Raw().u8(2).u64(Long.MIN_VALUE).done();
    assertRejected("uint64 value above 2^63-1", () -> TxBody.CODEC.decode(bond2, Limits.MAX_TX_BYTES));
  }

  @Test
  void shouldRejectRoundsAndSizesAboveTheIntRange() {
    byte[] vote = new Raw().u64(1).u32(0x8000_0000L).u8(2).fixed(new byte[64]).bytes(new byte[0]).bytes(new byte[0])
        .bytes(new byte[64]).done();
    assertRejected("round 2147483648 too large", () -> Vote.CODEC.decode(vote, Limits.MAX_VOTE_BYTES));
    byte[] update = new Raw().u8(1).u64(0).fixed(new byte[64]).u32(0xFFFF_FFFFL).u64(1).string("float32").done();
    assertRejected("delta size 4294967295 too large", () -> TxBody.CODEC.decode(update, Limits.MAX_TX_BYTES));
  }

  @Test
  void shouldRejectVerdictBitmapsThatDoNotMatchTheScores() {
    // 3 scores need 1 bitmap byte; bits 3..7 must be clear.
    byte[] scores = new byte[6];
    assertRejected("does not match 3 scores", () -> Vote.CODEC.decode(vote(1, 2, new byte[2], scores, new byte[64]),
        Limits.MAX_VOTE_BYTES));
    assertRejected("does not match", () -> Vote.CODEC.decode(vote(1, 2, new byte[1], new byte[5], new byte[64]),
        Limits.MAX_VOTE_BYTES));
    assertRejected("bits set past the last update", () -> Vote.CODEC.decode(vote(1, 2, new byte[] {0x08}, scores,
        new byte[64]), Limits.MAX_VOTE_BYTES));
    Vote ok = Vote.CODEC.decode(vote(1, 2, new byte[] {0x07}, scores, new byte[64]), Limits.MAX_VOTE_BYTES);
    assertTrue(ok.accepts(0) && ok.accepts(1) && ok.accepts(2));
  }

  @Test
  void shouldRejectSignaturesOfTheWrongLength() {
    assertRejected("signature of 63 bytes, expected 64", () -> Vote.CODEC.decode(vote(1, 2, new byte[0], new byte[0],
        new byte[63]), Limits.MAX_VOTE_BYTES));
    byte[] tx = new Raw().bytes(new Raw().u8(2).u64(1).done()).fixed(new byte[32]).u64(0).bytes(new byte[0]).done();
    assertRejected("signature of 0 bytes, expected 64", () -> SignedTx.CODEC.decode(tx, Limits.MAX_TX_BYTES));
  }

  @Test
  void shouldRejectStringsThatAreNotValidUtf8() {
    // Invalid, overlong (C0 80 for NUL) and surrogate (ED A0 80) forms: each would be a second
    // spelling of some string, or no string at all.
    byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xe4, (byte) 0xb8}};
    for (byte[] b : bad) {
      byte[] change = new Raw().u8(4).bytes(new Raw().u8(4).bytes(b).string("1").done()).done();
      assertRejected("not valid UTF-8", () -> TxBody.CODEC.decode(change, Limits.MAX_TX_BYTES));
    }
  }

  @Test
  void shouldRejectParametersNotInTheirCanonicalSpelling() {
    Params p = Params.defaults();
    record Spelling(String field, String canonical, String other) {}
    for (Spelling s : List.of(new Spelling("aggregator", "trimmed-mean:0.1", "trimmed-mean:0.10"),
        new Spelling("codec", "float32", "Float32"), new Spelling("codec", "float32", " float32"),
        new Spelling("verdictRule", "loo", "LOO"), new Spelling("verdictRule", "loo", " loo"))) {
      Params base = p.with(s.field(), s.canonical());
      byte[] good = Params.CODEC.encode(base);
      byte[] bad = replaceString(good, s.canonical(), s.other());
      assertRejected("parameter " + s.field() + " '" + s.other() + "' is not in its canonical form '" + s.canonical()
          + "'", () -> Params.CODEC.decode(bad, 4096));
    }
    // Spellings the parsers refuse outright fail too, with the parser's reason.
    byte[] unknown = replaceString(Params.CODEC.encode(p), "fedavg", "FedAvg");
    assertRejected("invalid parameters: unknown aggregator \"FedAvg\"", () -> Params.CODEC.decode(unknown, 4096));
  }

  @Test
  void shouldRejectASuspensionThresholdOutsideTheIntRange() {
    Params p = Params.defaults();
    byte[] good = Params.CODEC.encode(p);
    byte[] threshold = new Raw().u64(p.suspendBelow()).done();
    int at = indexOf(good, threshold);
    for (long v : new long[] {1L << 32, (long) Integer.MIN_VALUE - 1, Long.MIN_VALUE}) {
      byte[] bad = good.clone();
      System.arraycopy(new Raw().u64(v).done(), 0, bad, at, 8);
      assertRejected("parameter suspendBelow " + v + " does not fit 32 bits", () -> Params.CODEC.decode(bad, 4096));
    }
  }

  @Test
  void shouldRejectAGenesisModelSpecNotInItsCanonicalSpelling() {
    Genesis g = random.genesis();
    Genesis softmax = new Genesis(g.chainId(), g.genesisTimeMillis(), "softmax", g.initSeed(), g.members(), g.params());
    assertEquals("softmax:784-10", softmax.modelSpec());
    byte[] good = Genesis.CODEC.encode(softmax);
    assertEquals(softmax, Genesis.CODEC.decode(good, 1 << 20));
    for (String other : new String[] {"softmax", "SOFTMAX:784-10", "mlp:784-10"}) {
      byte[] bad = replaceString(good, "softmax:784-10", other);
      assertRejected("model spec '" + other + "' is not in its canonical form", () -> Genesis.CODEC.decode(bad, 1 << 20));
    }
  }

  @Test
  void shouldRejectStateCollectionsOutOfOrder() {
    ChainState s = random.chainState();
    while (s.members().size() < 2) {
      s = random.chainState();
    }
    List<Member> members = new ArrayList<>(s.members().values());
    byte[] sorted = memberList(members);
    List<Member> swapped = new ArrayList<>(members);
    java.util.Collections.swap(swapped, 0, 1);
    List<Member> duplicated = new ArrayList<>(members);
    duplicated.set(1, members.get(0));
    byte[] good = ChainState.CODEC.encode(s);
    for (List<Member> bad : List.of(swapped, duplicated)) {
      byte[] bytes = replace(good, sorted, memberList(bad));
      assertRejected("members (by key) not in strictly increasing order", () -> ChainState.CODEC.decode(bytes, 1 << 28));
    }

    Hash32 low = Hash32.fromHex("00".repeat(32));
    Hash32 high = Hash32.fromHex("ff".repeat(32));
    ChainState withSlashed = new ChainState(s.chainId(), s.genesisHash(), s.height(), s.lastBlockHash(),
        s.lastBlockTime(), s.params(), s.members(), s.round(), List.of(), s.nextProposalId(), List.of(low, high),
        s.lastValidators(), s.proposerPriority());
    byte[] slashed = ChainState.CODEC.encode(withSlashed);
    byte[] reversed = replace(slashed, concat(item(low.toBytes()), item(high.toBytes())),
        concat(item(high.toBytes()), item(low.toBytes())));
    assertRejected("slashed evidence keys not in strictly increasing order", () -> ChainState.CODEC.decode(reversed,
        1 << 28));

    ProposalState p1 = random.proposalState(1);
    ProposalState p2 = random.proposalState(2);
    ChainState twoProposals = new ChainState(s.chainId(), s.genesisHash(), s.height(), s.lastBlockHash(),
        s.lastBlockTime(), s.params(), s.members(), s.round(), List.of(p1, p2), 3, List.of(), s.lastValidators(),
        s.proposerPriority());
    byte[] inOrder = concat(proposalItem(p1), proposalItem(p2));
    byte[] outOfOrder = replace(ChainState.CODEC.encode(twoProposals), inOrder, concat(proposalItem(p2),
        proposalItem(p1)));
    assertRejected("proposals not in strictly increasing id order", () -> ChainState.CODEC.decode(outOfOrder, 1 << 28));
  }

  @Test
  void shouldRejectProposalVotersOutOfOrder() {
    MemberId a = MemberId.ofPublicKey(new byte[32]);
    byte[] k = new byte[32];
    k[0] = 1;
    MemberId b = MemberId.ofPublicKey(k);
    ProposalState p = new ProposalState(1, a, new Proposal.RemoveMember(b), 1, List.of(a, b), List.of());
    byte[] good = ProposalState.CODEC.encode(p);
    assertEquals(p, ProposalState.CODEC.decode(good, 1 << 20));
    byte[] bad = replace(good, concat(item(a.publicKey()), item(b.publicKey())),
        concat(item(b.publicKey()), item(a.publicKey())));
    assertRejected("yes voters not in strictly increasing order", () -> ProposalState.CODEC.decode(bad, 1 << 20));
  }

  // --- helpers -------------------------------------------------------------------------------------

  private static byte[] vote(long height, int step, byte[] bitmap, byte[] scores, byte[] sig) {
    return new Raw().u64(height).u32(0).u8(step).fixed(new byte[32]).fixed(new byte[32]).bytes(bitmap).bytes(scores)
        .bytes(sig).done();
  }

  private static byte[] memberList(List<Member> members) {
    Raw r = new Raw().u32(members.size());
    for (Member m : members) {
      r.bytes(Member.CODEC.encode(m));
    }
    return r.done();
  }

  private static byte[] proposalItem(ProposalState p) {
    return item(ProposalState.CODEC.encode(p));
  }

  /** A list item: every item is length-prefixed, fixed-size ones too. */
  private static byte[] item(byte[] encoded) {
    return new Raw().bytes(encoded).done();
  }

  /** Replaces the length-prefixed string {@code from} with {@code to} (the first occurrence). */
  private static byte[] replaceString(byte[] in, String from, String to) {
    return replace(in, new Raw().string(from).done(), new Raw().string(to).done());
  }

  private static byte[] replace(byte[] in, byte[] from, byte[] to) {
    int at = indexOf(in, from);
    byte[] out = new byte[in.length - from.length + to.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(to, 0, out, at, to.length);
    System.arraycopy(in, at + from.length, out, at + to.length, in.length - at - from.length);
    return out;
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (in[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
