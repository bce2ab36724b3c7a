package io.fedchain.chain.state;

import static io.fedchain.chain.state.ChainScript.A;
import static io.fedchain.chain.state.ChainScript.B;
import static io.fedchain.chain.state.ChainScript.C;
import static io.fedchain.chain.state.ChainScript.D;
import static io.fedchain.chain.state.ChainScript.E;
import static io.fedchain.chain.state.ChainScript.time;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.Proposal;
import io.fedchain.chain.types.Roles;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.aggregate.WeightedDelta;
import io.fedchain.learning.model.Parameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The state transition over the scripted chain of {@link ChainScript}: what each block must do,
 * the blocks that must be refused (each for a reason its message names), and the pinned end state.
 */
class ScriptedChainTest {
  /**
   * The state root and model after block 12. Pinned: every node of a network must compute these
   * same bits from the same blocks, so a change to the transition, the state's encoding or root, the
   * aggregation or the model hashing that alters them is a consensus change (a hard fork) and must
   * be made on purpose, never by accident. If a change is intended, update these values in the same
   * commit and say why in its message.
   */
  static final String PINNED_STATE_ROOT = "489a7145972048b27313cbb9c531216252c249846a9167ffbff3cd0b3ffdf8c3";
  static final String PINNED_MODEL_HASH = "d99c3bb085eae31c8b53116ba4a8b9a8a55b758a653bc0451476cfad6d1b0e00";

  private static ChainDriver chain;

  @BeforeAll
  static void playTheScript() throws Exception {
    chain = ChainScript.upTo(ChainScript.LAST);
  }

  private static ChainState at(int height) {
    return chain.results.get(height - 1).state();
  }

  private static List<Event> events(int height) {
    return chain.results.get(height - 1).events();
  }

  private static Member member(int height, ChainKey k) {
    return at(height).members().get(k.id());
  }

  private static Hash32 deltaHash(long seed) {
    return chain.blocks.stream().flatMap(b -> b.body().updates().stream())
        .filter(u -> u.numSamples() == ChainDriver.samples(seed)).findFirst().orElseThrow().deltaHash();
  }

  private static float[] expectedModel(float[] base, long... acceptedSeeds) {
    List<WeightedDelta> deltas = new java.util.ArrayList<>();
    for (long s : acceptedSeeds) {
      deltas.add(new WeightedDelta(chain.delta(s), ChainDriver.samples(s)));
    }
    return Parameters.add(base, Aggregator.parse("fedavg").aggregate(deltas));
  }

  private static void assertInvalid(String expected, Executable build) {
    InvalidBlockException e = assertThrows(InvalidBlockException.class, build);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  // --- what the blocks do --------------------------------------------------------------------------

  @Test
  void genesisShouldSurviveItsFileAndGiveTheInitialState() {
    Genesis g = ChainScript.genesis();
    assertEquals(g, GenesisJson.parse(GenesisJson.write(g), "script genesis"));
    ChainState s0 = g.initialState();
    assertEquals(0, s0.height());
    assertEquals(1000, s0.totalStake(), "A 400 + B 300 + D 300; C is no validator");
    assertEquals(Hash32.wrap(Parameters.sha256(g.initialModel())), s0.round().modelHash());
    assertEquals(List.of(A.id(), B.id(), D.id()).stream().sorted().toList(), List.copyOf(s0.validators().keySet()));
  }

  @Test
  void updatesShouldBeSettledByTheVerdictsOfTheNextCertificate() {
    assertEquals(3, at(1).round().pending().size());
    List<Event> e2 = events(2);
    assertTrue(e2.contains(new Event.UpdateAccepted(0, A.id(), deltaHash(11), 1000, 1000)), e2.toString());
    assertTrue(e2.contains(new Event.UpdateRejected(0, C.id(), deltaHash(13), 0, 1000)), e2.toString());
    // B and D hold 600 of 1000: not more than 2/3, and absent or no votes count as no.
    assertTrue(e2.contains(new Event.UpdateRejected(0, D.id(), deltaHash(14), 600, 1000)), e2.toString());
    RoundState r = at(2).round();
    assertEquals(List.of(A.id()), r.accepted().stream().map(RoundState.UpdateRef::trainer).toList());
    assertEquals(List.of(C.id(), D.id()), r.rejected().stream().map(RoundState.UpdateRef::trainer).toList());
    assertTrue(r.pending().isEmpty());
    assertEquals(1, member(2, A).reputation());
    assertEquals(-10, member(2, C).reputation());
    assertEquals(-10, member(2, D).reputation());
    assertEquals(0, member(2, C).suspendedUntilRound(), "-10 is not below -15");
  }

  @Test
  void governanceShouldAdmitAMemberOnlyOnceYesStakeExceedsTwoThirds() {
    // Proposed by A (its own yes: 400 of 1000), not passed yet.
    ProposalState p = at(2).proposals().get(0);
    assertEquals(1, p.id());
    assertEquals(new Proposal.AdmitMember(E.id(), Roles.BOTH, 200), p.proposal());
    assertEquals(List.of(A.id()), p.yes());
    assertNull(member(2, E));
    // B's yes makes 700 of 1000.
    assertTrue(events(3).contains(new Event.ProposalPassed(1)), events(3).toString());
    assertEquals(new Member(E.id(), Roles.BOTH, 200, 0, 0, 0, 0, List.of()), member(3, E));
    assertTrue(at(3).proposals().isEmpty());
    // E votes on the blocks after the one that admitted it.
    assertFalse(at(3).lastValidators().containsKey(E.id()));
    assertEquals(200L, at(4).lastValidators().get(E.id()));
  }

  @Test
  void aRoundShouldCloseAtItsDeadlineWithTheUpdatesAcceptedSoFar() {
    assertEquals(0, at(3).round().round(), "3 s into round 0, 1 of K = 2 accepted: still open");
    RoundState r4 = at(4).round();
    assertEquals(1, r4.round());
    assertEquals(4, r4.startHeight());
    assertEquals(time(4), r4.startTimeMillis());
    float[] model1 = expectedModel(chain.genesis.initialModel(), 11);
    Hash32 hash1 = Hash32.wrap(Parameters.sha256(model1));
    assertEquals(hash1, r4.modelHash());
    assertTrue(events(4).contains(new Event.RoundClosed(0, 1, hash1, 1)), events(4).toString());
    assertArrayEquals(model1, chain.results.get(3).newModel().orElseThrow());
    assertEquals(1, chain.blocks.get(3).header().modelVersion());
    assertEquals(hash1, chain.blocks.get(3).header().modelHash());
  }

  @Test
  void aRoundShouldCloseOnceKUpdatesAreAcceptedAggregatingThemInAcceptanceOrder() {
    float[] model1 = chain.results.get(3).newModel().orElseThrow();
    float[] model2 = expectedModel(model1, 21, 24, 25);
    Hash32 hash2 = Hash32.wrap(Parameters.sha256(model2));
    assertTrue(events(6).contains(new Event.RoundClosed(1, 2, hash2, 3)), events(6).toString());
    assertEquals(hash2, at(6).round().modelHash());
    // E's update had A, B and E for it: 900 of 1100.
    assertTrue(events(6).contains(new Event.UpdateAccepted(1, E.id(), deltaHash(25), 900, 1100)));
  }

  @Test
  void aTrainerFallingBelowTheReputationThresholdShouldBeSuspendedThenReturn() {
    assertEquals(-20, member(6, C).reputation());
    // Rejected in round 1: suspended for rounds 2 and 3 (suspendRounds = 2), back in round 4.
    assertEquals(4, member(6, C).suspendedUntilRound());
    assertTrue(events(6).contains(new Event.TrainerSuspended(C.id(), 4)), events(6).toString());
    assertEquals(4, at(10).round().round());
    assertEquals(List.of(C.id()), at(11).round().pending().stream().map(RoundState.UpdateRef::trainer).toList());
    assertEquals(-19, member(12, C).reputation());
  }

  @Test
  void aParameterChangeShouldTakeEffectOncePassed() {
    assertEquals(2, at(6).params().updatesToClose());
    ProposalState p = at(6).proposals().get(0);
    assertEquals(new Proposal.ChangeParam("updatesToClose", "1"), p.proposal());
    // A yes (700), E no, D yes (900 of 1100): passes in block 7.
    assertTrue(events(7).contains(new Event.ProposalPassed(2)), events(7).toString());
    assertEquals(1, at(7).params().updatesToClose());
    assertEquals(ChainScript.params().with("updatesToClose", "1"), at(7).params());
    // Block 8 closes round 2 with a single accepted update, 2 s into a 10 s round: only the new K allows it.
    RoundState before = at(7).round();
    assertFalse(StateTransition.closes(ChainScript.params(), before, 1, time(8)));
    assertTrue(StateTransition.closes(at(7).params(), before, 1, time(8)));
    float[] model2 = chain.results.get(5).newModel().orElseThrow();
    Hash32 hash3 = Hash32.wrap(Parameters.sha256(expectedModel(model2, 31)));
    assertTrue(events(8).contains(new Event.RoundClosed(2, 3, hash3, 1)), events(8).toString());
  }

  @Test
  void unbondedStakeShouldReturnToTheBalanceAfterTheDelay() {
    Member d3 = member(3, D);
    assertEquals(200, d3.stake());
    assertEquals(List.of(new Member.Unbonding(100, 6)), d3.unbonding());
    Member d5 = member(5, D);
    assertEquals(List.of(new Member.Unbonding(100, 6)), d5.unbonding(), "still locked at block 5");
    assertEquals(d3.balance() + 2, d5.balance(), "two validator rewards, nothing released");
    Member d6 = member(6, D);
    assertTrue(d6.unbonding().isEmpty());
    assertEquals(d5.balance() + 1 + 10 + 100, d6.balance(), "validator reward + update reward + the 100 released");
    // Bonding moves balance to stake at once.
    Member a7 = member(7, A);
    Member a8 = member(8, A);
    assertEquals(a7.stake() + 50, a8.stake());
    assertEquals(a7.balance() + 1 + 10 - 50, a8.balance(), "validator reward + update reward - 50 bonded");
  }

  @Test
  void evidenceOfEquivocationShouldSlashTheValidator() {
    assertEquals(300, member(7, B).stake());
    assertEquals(150, member(8, B).stake(), "slashBp 5000: half");
    assertTrue(events(8).contains(new Event.Slashed(B.id(), 150, 7, 0)), events(8).toString());
    assertEquals(1, at(8).slashed().size());
    assertEquals(450 + 150 + 200 + 200, at(8).totalStake());
  }

  @Test
  void rewardsShouldEndInTheseBalances() {
    // Validator reward 1 per certificate a validator signed (blocks 2..12 carry 11), update reward
    // 10 per accepted update. A: 100 + 11 + 3 updates - 50 bonded. B: 100 + 11. C: 50 + 1 update.
    // D: 100 + 11 + 2 updates + 100 unbonded. E: admitted with 0; absent from block 5's certificate,
    // so 7 certificates, + 1 update.
    assertEquals(100 + 11 + 30 - 50, member(12, A).balance());
    assertEquals(100 + 11, member(12, B).balance());
    assertEquals(50 + 10, member(12, C).balance());
    assertEquals(100 + 11 + 20 + 100, member(12, D).balance());
    assertEquals(7 + 10, member(12, E).balance());
    Map<ChainKey, Long> stakes = Map.of(A, 450L, B, 150L, C, 0L, D, 200L, E, 200L);
    stakes.forEach((k, s) -> assertEquals((long) s, member(12, k).stake(), k.id().toString()));
    assertEquals(5, at(12).round().round());
  }

  @Test
  void eachHeaderShouldCommitToItsBodyStateAndModel() {
    for (int h = 1; h <= ChainScript.LAST; h++) {
      Block b = chain.blocks.get(h - 1);
      assertEquals(List.of(), b.rootMismatches());
      assertEquals(at(h).root(), b.header().stateRoot(), "block " + h);
      assertEquals(at(h).round().round(), b.header().modelVersion());
      assertEquals(at(h).round().modelHash(), b.header().modelHash());
      assertEquals(b.hash(), at(h).lastBlockHash());
      assertEquals(h == 1 ? chain.genesis.hash() : chain.blocks.get(h - 2).hash(), b.header().parentHash());
    }
  }

  // --- the end state -------------------------------------------------------------------------------

  @Test
  void theScriptShouldEndInThePinnedStateRootAndModel() {
    assertEquals(12, chain.state.height());
    assertEquals(PINNED_STATE_ROOT, chain.state.root().toHex());
    assertEquals(PINNED_MODEL_HASH, chain.state.round().modelHash().toHex());
    assertEquals(PINNED_MODEL_HASH, Parameters.hex(Parameters.sha256(chain.model())));
  }

  @Test
  void theSameBlocksFromTheirBytesShouldGiveTheSameStates() throws Exception {
    // A syncing node: blocks arrive encoded, with the deltas as sidecars; it holds only model 0
    // and rebuilds every later model itself.
    Map<Hash32, byte[]> deltas = new HashMap<>(chain.deltas);
    Map<Hash32, float[]> models = new HashMap<>();
    ChainState s = chain.genesis.initialState();
    models.put(s.round().modelHash(), chain.genesis.initialModel());
    Sidecars sidecars = new Sidecars() {
      @Override
      public Optional<byte[]> delta(Hash32 h) {
        return Optional.ofNullable(deltas.get(h));
      }

      @Override
      public Optional<float[]> model(Hash32 h) {
        return Optional.ofNullable(models.get(h));
      }
    };
    for (Block b : chain.blocks) {
      Block received = Block.CODEC.decode(Block.CODEC.encode(b), Limits.MAX_BLOCK_BYTES + 8192);
      StateTransition.Result r = StateTransition.apply(s, received, sidecars);
      r.newModel().ifPresent(m -> models.put(Hash32.wrap(Parameters.sha256(m)), m));
      s = r.state();
      assertEquals(at((int) b.height()), s);
    }
    ChainState stored = ChainState.CODEC.decode(ChainState.CODEC.encode(s), 256 << 20);
    assertEquals(s, stored);
    assertEquals(PINNED_STATE_ROOT, stored.root().toHex());
  }

  @Test
  void aFreshJvmShouldReplayTheScriptToTheSameRoot() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ChainScript.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A hang guard, not a timing assertion: the replay takes about a second.
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish:\n" + out);
    assertEquals(0, p.exitValue(), out);
    Map<String, String> values = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
        l.substring(l.indexOf('=') + 1)));
    assertEquals("12", values.get("height"), out);
    assertEquals(PINNED_STATE_ROOT, values.get("stateRoot"), out);
    assertEquals(PINNED_MODEL_HASH, values.get("modelHash"), out);
    assertEquals(chain.head().hash().toHex(), values.get("headHash"), out);
  }

  // --- blocks that must be refused -----------------------------------------------------------------

  @Test
  void aTransactionWithTheWrongNonceShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("nonce 5, expected 0", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.VoteOnProposal(1, true), 5))));
    // Replaying A's update of block 1 (nonce 0) in block 2.
    ChainDriver d1 = ChainScript.upTo(1);
    SignedTx replay = d1.blocks.get(0).body().txs().get(0);
    CommitCertificate c1 = d1.commitAll(List.of(Set.of(), Set.of(), Set.of()));
    assertInvalid("nonce 0, expected 1", () -> d1.build(B, time(2), Optional.of(c1), List.of(replay)));
  }

  @Test
  void aTransactionWithABadSignatureShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    CommitCertificate c = d.commitAll(List.of());
    SignedTx good = d.tx(B, new TxBody.VoteOnProposal(1, true));
    byte[] sig = good.signature();
    sig[10] ^= 4;
    SignedTx tampered = new SignedTx(good.body(), good.signer(), good.nonce(), sig);
    assertInvalid("bad signature", () -> d.build(D, time(3), Optional.of(c), List.of(tampered)));
    SignedTx otherChain = SignedTx.sign(B, "other-chain", good.body(), good.nonce());
    assertInvalid("bad signature", () -> d.build(D, time(3), Optional.of(c), List.of(otherChain)));
    SignedTx forgedSigner = new SignedTx(good.body(), A.id(), d.nonce(A), good.signature());
    assertInvalid("bad signature", () -> d.build(D, time(3), Optional.of(c), List.of(forgedSigner)));
  }

  @Test
  void aBlockOnTheWrongParentShouldBeInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(3);
    Block good = d.build(A, time(4), Optional.of(d.commitAll(List.of())), List.of()).block();
    BlockHeader h = good.header();
    Block orphan = new Block(new BlockHeader(h.chainId(), h.height(), h.round(), Hash32.sha256(new byte[] {1}),
        h.proposer(), h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(), h.stateRoot(),
        h.modelVersion(), h.modelHash()), good.body());
    assertInvalid("parent " + Hash32.sha256(new byte[] {1}).shortHex() + " is not the head",
        () -> StateTransition.apply(d.state, orphan, d.sidecars));
    // The same block is fine on its parent.
    StateTransition.apply(d.state, good, d.sidecars);
  }

  @Test
  void aTamperedHeaderShouldBeInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(3);
    Block good = d.build(A, time(4), Optional.of(d.commitAll(List.of())), List.of()).block();
    BlockHeader h = good.header();
    Block wrongRoot = new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(), Hash32.ZERO, h.modelVersion(),
        h.modelHash()), good.body());
    assertInvalid("differs from the re-executed", () -> StateTransition.apply(d.state, wrongRoot, d.sidecars));
    Block wrongModel = new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(), h.stateRoot(), 0,
        d.state.round().modelHash()), good.body());
    assertInvalid("model version/hash", () -> StateTransition.apply(d.state, wrongModel, d.sidecars));
    Block wrongTxsRoot = new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), Hash32.ZERO, h.updatesRoot(), h.lastCommitHash(), h.stateRoot(), h.modelVersion(),
        h.modelHash()), good.body());
    assertInvalid("header does not match body: txs root", () -> StateTransition.apply(d.state, wrongTxsRoot,
        d.sidecars));
    assertInvalid("timestamp " + time(3) + " is not after the parent's", () -> d.build(A, time(3),
        Optional.of(d.commitAll(List.of())), List.of()));
    assertInvalid("is not a validator", () -> d.build(C, time(4), Optional.of(d.commitAll(List.of())), List.of()));
  }

  @Test
  void aLastCommitWithoutMoreThanTwoThirdsOfTheStakeShouldBeInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(4);
    // B, D and E hold 700 of the 1100 that voted on block 4.
    CommitCertificate weak = d.commit(List.of(B, D, E), List.of());
    assertInvalid("precommits from 700 of 1100 stake, not more than 2/3",
        () -> d.build(B, time(5), Optional.of(weak), List.of()));
    assertInvalid("missing the commit certificate of block 4", () -> d.build(B, time(5), Optional.empty(), List.of()));
    // A vote signed by someone else's key, a prevote, a vote twice.
    CommitCertificate good = d.commit(List.of(A, B, D), List.of());
    List<Vote> votes = new java.util.ArrayList<>(good.precommits());
    Vote a = votes.get(0);
    Vote forged = new Vote(a.height(), a.round(), a.step(), a.blockHash(), a.validator(), a.accepted(), a.scores(),
        votes.get(1).signature());
    List<Vote> withForged = new java.util.ArrayList<>(votes);
    withForged.set(0, forged);
    assertInvalid("bad signature on the precommit", () -> d.build(B, time(5), Optional.of(
        new CommitCertificate(good.height(), 0, good.blockHash(), withForged)), List.of()));
    List<Vote> twice = new java.util.ArrayList<>(votes);
    twice.add(votes.get(0));
    assertInvalid("two votes of", () -> d.build(B, time(5), Optional.of(
        new CommitCertificate(good.height(), 0, good.blockHash(), twice)), List.of()));
    Vote prevote = Vote.sign(A, ChainScript.CHAIN_ID, 4, 0, Vote.Step.PREVOTE, d.head().hash(), new boolean[0],
        new short[0]);
    assertInvalid("not a precommit for the certified block", () -> d.build(B, time(5), Optional.of(
        new CommitCertificate(4, 0, d.head().hash(), List.of(prevote))), List.of()));
    Vote stranger = Vote.sign(C, ChainScript.CHAIN_ID, 4, 0, Vote.Step.PRECOMMIT, d.head().hash(), new boolean[0],
        new short[0]);
    assertInvalid("not a validator of block 4", () -> d.build(B, time(5), Optional.of(
        new CommitCertificate(4, 0, d.head().hash(), List.of(stranger))), List.of()));
  }

  @Test
  void precommitsShouldCarryOneVerdictPerUpdate() throws Exception {
    ChainDriver d = ChainScript.upTo(1);
    Vote short1 = Vote.sign(A, ChainScript.CHAIN_ID, 1, 0, Vote.Step.PRECOMMIT, d.head().hash(), new boolean[2],
        new short[2]);
    assertInvalid("has 2 verdicts for 3 updates", () -> d.build(B, time(2), Optional.of(
        new CommitCertificate(1, 0, d.head().hash(), List.of(short1))), List.of()));
    ChainDriver d0 = new ChainDriver(ChainScript.genesis());
    CommitCertificate bogus = new CommitCertificate(0, 0, d0.state.lastBlockHash(), List.of());
    assertInvalid("the first block has no previous block to certify", () -> d0.build(A, time(1), Optional.of(bogus),
        List.of()));
  }

  @Test
  void anUpdateInARoundClosingBlockShouldMakeItInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(3);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("a block that closes FL round 0 may not carry model updates",
        () -> d.build(A, time(4), Optional.of(c), List.of(d.update(D, 99))));
  }

  @Test
  void aVoteOnAnUnknownProposalShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("no open proposal 99", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.VoteOnProposal(99, true)))));
    // Proposal 1 passes in block 3; voting on it afterwards is voting on an unknown proposal too.
    ChainDriver d3 = ChainScript.upTo(3);
    assertInvalid("no open proposal 1", () -> d3.build(A, time(4), Optional.of(d3.commitAll(List.of())),
        List.of(d3.tx(D, new TxBody.VoteOnProposal(1, true)))));
    assertInvalid("already voted on proposal 1", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(A, new TxBody.VoteOnProposal(1, false)))));
  }

  @Test
  void aSuspendedTrainersUpdateShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(6);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("is suspended until round 4", () -> d.build(E, time(7), Optional.of(c), List.of(d.update(C, 99))));
  }

  @Test
  void updatesFromNonMembersNonTrainersAndRepeatsShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("signer is not a member", () -> d.build(D, time(3), Optional.of(c), List.of(d.update(E, 99))));
    assertInvalid("is not a trainer", () -> d.build(D, time(3), Optional.of(c), List.of(d.update(B, 99))));
    // A's update of round 0 was accepted in block 2; a second one in the same round is refused.
    assertInvalid("already sent an update in round 0", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.update(A, 99))));
    SignedTx stale = d.tx(D, new TxBody.Update(1, d.state.round().modelHash(), Hash32.ZERO, 10, 10, "float32"));
    assertInvalid("update for round 1", () -> d.build(D, time(3), Optional.of(c), List.of(stale)));
  }

  @Test
  void theSameEvidenceAgainShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(8);
    CommitCertificate c = d.commitAll(List.of());
    TxBody.Evidence again = ChainScript.equivocationOfB(d);
    assertInvalid("this equivocation was already punished", () -> d.build(B, time(9), Optional.of(c),
        List.of(d.tx(C, again))));
    TxBody.Evidence swapped = new TxBody.Evidence(again.second(), again.first());
    assertInvalid("this equivocation was already punished", () -> d.build(B, time(9), Optional.of(c),
        List.of(d.tx(C, swapped))));
    TxBody.Evidence same = new TxBody.Evidence(again.first(), again.first());
    assertInvalid("the two votes do not conflict", () -> d.build(B, time(9), Optional.of(c), List.of(d.tx(C, same))));
  }

  @Test
  void aProposalWithABadParameterOrMemberShouldMakeTheBlockInvalid() throws Exception {
    ChainDriver d = ChainScript.upTo(2);
    CommitCertificate c = d.commitAll(List.of());
    assertInvalid("updatesToClose is 0, expected at least 1", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.Propose(new Proposal.ChangeParam("updatesToClose", "0"))))));
    assertInvalid("unknown parameter 'k'", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.Propose(new Proposal.ChangeParam("k", "1"))))));
    assertInvalid("is already a member", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.Propose(new Proposal.AdmitMember(C.id(), Roles.BOTH, 1))))));
    assertInvalid("cannot unbond 301 of a stake of 300", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.Unbond(301)))));
    // B's balance: 100 + the validator rewards of blocks 2 and 3 (paid before the transactions).
    assertInvalid("cannot bond 103 from a balance of 102", () -> d.build(D, time(3), Optional.of(c),
        List.of(d.tx(B, new TxBody.Bond(103)))));
  }
}
