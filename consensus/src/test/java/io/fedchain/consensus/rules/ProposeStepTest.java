package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Proposal;
import org.junit.jupiter.api.Test;

/** StartRound (lines 11-21), the prevote on a fresh proposal (line 22) and the propose timeout (line 57). */
class ProposeStepTest {

  @Test
  void proposerShouldBroadcastAFreshBlockOfItsRoundWithPolRoundMinusOne() {
    TestContext ctx = TestContext.builder().localProposes(0).start();

    Proposal p = ctx.proposed(0);
    assertEquals(-1, p.polRound());
    assertEquals(1, p.height());
    assertEquals(0, p.block().header().round());
    assertEquals(ctx.localKey.id(), p.proposer());
    assertEquals(ctx.localKey.id(), p.block().header().proposer());
    assertTrue(p.verify(TestContext.CHAIN_ID));
    assertEquals(p.blockHash(), ctx.prevoted(0), "the proposer prevotes its own valid block (line 22)");
  }

  @Test
  void proposerShouldReproposeItsValidValueWithItsValidRound() {
    TestContext ctx = TestContext.builder().localProposes(1).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    ctx.prevotes(0, b.hash(), ctx.peers);
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));

    Proposal p = ctx.proposed(1);
    assertEquals(b.hash(), p.blockHash(), "round 1 re-proposes the block that became valid in round 0");
    assertEquals(0, p.polRound());
    assertEquals(b.hash(), ctx.prevoted(1), "and prevotes it: locked on it, proof-of-lock in round 0 (line 28)");
  }

  @Test
  void proposerThatCannotBuildABlockShouldPrevoteNilWhenTheProposeTimeoutExpires() {
    TestContext ctx = TestContext.builder().localProposes(1).start();
    ctx.app.buildFails = true;
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    assertEquals(1, ctx.engine.round());
    assertTrue(ctx.outbox.proposals(1, 1).isEmpty());

    ctx.advance(ctx.proposeTimeout(1) - 1);
    assertTrue(ctx.maybeSent(Vote.Step.PREVOTE, 1).isEmpty());
    ctx.advance(1);
    assertTrue(ctx.prevoted(1).isZero(), "a proposer without a block votes like anyone without a proposal");
  }

  @Test
  void shouldPrevoteNilWhenNoProposalArrivesBeforeTheProposeTimeout() {
    TestContext ctx = TestContext.builder().localProposes(3).start();

    ctx.advance(ctx.proposeTimeout(0) - 1);
    assertTrue(ctx.outbox.votes.isEmpty(), "sent " + ctx.outbox.votes);
    ctx.advance(1);
    assertTrue(ctx.prevoted(0).isZero());
  }

  @Test
  void shouldPrevoteAValidProposalWhenUnlocked() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);

    ctx.inject(p0.proposal(0, b));

    assertEquals(b.hash(), ctx.prevoted(0));
    assertEquals(1, ctx.app.checks.get(b.hash()), "valid(v) is the application's check");
  }

  @Test
  void shouldPrevoteNilForAProposalTheStateTransitionRejects() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block bad = p0.invalidBlock(0);

    ctx.inject(p0.proposal(0, bad));

    assertTrue(ctx.prevoted(0).isZero());
    assertEquals(1, ctx.app.checks.get(bad.hash()));
  }

  @Test
  void shouldPrevoteNilForAProposalOtherThanTheBlockItIsLockedOn() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    ctx.prevotes(0, b.hash(), ctx.peers);
    assertEquals(0, ctx.engine.lockedRound());
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    assertEquals(1, ctx.engine.round());

    ValidatorPeer p1 = ctx.proposer(1);
    Block c = p1.block(1);
    ctx.inject(p1.proposal(1, c));

    assertTrue(ctx.prevoted(1).isZero(), "locked on " + b.hash().shortHex() + ", offered " + c.hash().shortHex());
  }

  /**
   * A block carries the round it was built in, and the engine takes a proposal with polRound -1
   * only for a block of the proposal's own round; it can be locked on such a block only in that
   * round, after its prevote there, which its WAL re-sends anyway. So the lock alone is set here
   * through the WAL: a precommit for B without the prevote.
   */
  @Test
  void shouldPrevoteTheProposalItIsLockedOn() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.wal.record(Vote.sign(ctx.localKey, TestContext.CHAIN_ID, 1, 0, Vote.Step.PRECOMMIT, b.hash(), new boolean[0],
        new short[0]));
    ctx.restart();
    assertEquals(0, ctx.engine.lockedRound());

    ctx.inject(p0.proposal(0, b));

    assertEquals(b.hash(), ctx.prevoted(0));
  }

  @Test
  void shouldIgnoreAProposalFromAValidatorThatDoesNotProposeTheRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer other = ctx.nonProposers(0).get(0);
    Block theirs = other.block(0, 1);

    ctx.inject(other.proposal(0, theirs));
    assertTrue(ctx.outbox.votes.isEmpty(), "sent " + ctx.outbox.votes);
    assertEquals(1, ctx.metrics.invalidProposals.size());

    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0), "the round's real proposal still counts");
  }

  @Test
  void shouldIgnoreAProposalWhoseSignatureIsNotTheProposers() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    ValidatorPeer forger = ctx.nonProposers(0).get(0);
    Block forged = p0.block(0, 1);
    Proposal signedByForger = forger.proposal(0, forged);
    Proposal claimsP0 = new Proposal(1, 0, -1, forged, p0.id(), signedByForger.signature());
    assertFalse(claimsP0.verify(TestContext.CHAIN_ID));

    ctx.inject(claimsP0);
    assertTrue(ctx.outbox.votes.isEmpty(), "sent " + ctx.outbox.votes);
    assertFalse(ctx.app.checks.containsKey(forged.hash()), "a forged proposal is not even checked");

    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));
  }

  @Test
  void shouldIgnoreAFreshProposalWhoseBlockIsOfAnotherRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    // Skip to round 1, whose proposer then offers a block built for round 0 as if it were fresh.
    ctx.precommits(1, Hash32.ZERO, ctx.nonProposers(0).subList(0, 2));
    assertEquals(1, ctx.engine.round());
    ValidatorPeer p1 = ctx.proposer(1);
    Block old = p1.block(0, 3);

    ctx.inject(p1.proposal(1, old));
    assertTrue(ctx.maybeSent(Vote.Step.PREVOTE, 1).isEmpty());
    assertEquals(1, ctx.metrics.invalidProposals.size());
    ctx.advance(ctx.proposeTimeout(1));
    assertTrue(ctx.prevoted(1).isZero());
  }
}
