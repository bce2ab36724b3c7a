package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import org.junit.jupiter.api.Test;

/**
 * Line 28: a proposal that re-proposes a block with a proof-of-lock round {@code vr} (more than
 * 2/3 of prevotes for it in round {@code vr}) gets a prevote when the node is locked no later than
 * {@code vr}, or on that very block; otherwise nil.
 */
class ReproposalRuleTest {

  /** Round 0 ends without a decision: the node never saw the proposal, the peers prevoted {@code b}. */
  private static void polkaUnseenInRound0(TestContext ctx, Block b) {
    ctx.prevotes(0, b.hash(), ctx.peers);
    ctx.advance(ctx.proposeTimeout(0));
    assertTrue(ctx.prevoted(0).isZero());
    ctx.advance(ctx.voteTimeout(0));
    assertTrue(ctx.precommitted(0).isZero(), "no proposal seen, so no lock: precommit nil on the prevote timeout");
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    assertEquals(1, ctx.engine.round());
  }

  @Test
  void shouldPrevoteAReproposalWhenUnlocked() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);
    polkaUnseenInRound0(ctx, b);
    assertEquals(-1, ctx.engine.lockedRound());

    ctx.inject(ctx.proposer(1).proposal(1, b, 0));

    assertEquals(b.hash(), ctx.prevoted(1));
  }

  @Test
  void shouldPrevoteAReproposalWhoseProofOfLockIsNoOlderThanItsLock() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    // Round 0: locked on A.
    ValidatorPeer p0 = ctx.proposer(0);
    Block a = p0.block(0);
    ctx.inject(p0.proposal(0, a));
    ctx.prevotes(0, a.hash(), ctx.peers);
    assertEquals(a.hash(), ctx.precommitted(0));
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    // Round 1: the peers prevote C, whose proposal the node never receives.
    Block c = ctx.proposer(1).block(1);
    ctx.prevotes(1, c.hash(), ctx.peers);
    ctx.advance(ctx.proposeTimeout(1));
    assertTrue(ctx.prevoted(1).isZero());
    ctx.advance(ctx.voteTimeout(1));
    ctx.precommits(1, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(1));
    assertEquals(2, ctx.engine.round());
    assertEquals(0, ctx.engine.lockedRound());

    ctx.inject(ctx.proposer(2).proposal(2, c, 1));

    assertEquals(c.hash(), ctx.prevoted(2), "locked in round 0 <= proof-of-lock round 1");
  }

  @Test
  void shouldPrevoteNilForAReproposalWhoseProofOfLockIsOlderThanItsLock() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block c = ctx.proposer(0).block(0);
    polkaUnseenInRound0(ctx, c);
    // Round 1: locked on A.
    ValidatorPeer p1 = ctx.proposer(1);
    Block a = p1.block(1);
    ctx.inject(p1.proposal(1, a));
    ctx.prevotes(1, a.hash(), ctx.peers);
    assertEquals(a.hash(), ctx.precommitted(1));
    assertEquals(1, ctx.engine.lockedRound());
    ctx.precommits(1, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(1));
    assertEquals(2, ctx.engine.round());

    ctx.inject(ctx.proposer(2).proposal(2, c, 0));

    assertTrue(ctx.prevoted(2).isZero(), "locked in round 1 on another block, proof-of-lock only from round 0");
  }

  @Test
  void shouldNotPrevoteAReproposalBeforeItsProofOfLockIsComplete() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);
    polkaUnseenInRound0(ctx, b);
    // The node's round-0 prevotes are all for b: a proposal claiming round 0 as the proof-of-lock
    // of another block has none.
    Block other = ctx.proposer(0).block(0, 9);
    long start = ctx.time.now();

    ctx.inject(ctx.proposer(1).proposal(1, other, 0));
    assertTrue(ctx.maybeSent(Vote.Step.PREVOTE, 1).isEmpty(), "no proof-of-lock for the re-proposed block");

    ctx.advance(ctx.proposeTimeout(1) - (ctx.time.now() - start));
    assertTrue(ctx.prevoted(1).isZero(), "the propose timeout still applies");
  }
  @Test
  void shouldPrevoteAReproposalOfTheBlockItIsLockedOnWhateverTheProofOfLockRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);
    polkaUnseenInRound0(ctx, b);
    // Round 1: b re-proposed with the proof-of-lock of round 0; the node prevotes it and locks on it.
    ctx.inject(ctx.proposer(1).proposal(1, b, 0));
    assertEquals(b.hash(), ctx.prevoted(1));
    ctx.prevotes(1, b.hash(), ctx.peers);
    assertEquals(b.hash(), ctx.precommitted(1));
    assertEquals(1, ctx.engine.lockedRound());
    ctx.precommits(1, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(1));
    assertEquals(2, ctx.engine.round());

    ctx.inject(ctx.proposer(2).proposal(2, b, 0));

    assertEquals(b.hash(), ctx.prevoted(2), "proof-of-lock round 0 is older than the lock (1), but the block is its locked value");
  }

  @Test
  void shouldPrevoteNilForAReproposalOfABlockItFindsInvalid() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block bad = ctx.proposer(0).invalidBlock(0);
    polkaUnseenInRound0(ctx, bad);
    assertEquals(-1, ctx.engine.lockedRound());

    ctx.inject(ctx.proposer(1).proposal(1, bad, 0));

    assertTrue(ctx.prevoted(1).isZero(), "a proof-of-lock does not make an invalid block valid");
  }

  /**
   * Locked in round 1 on x, offered b with a proof-of-lock of round 1 too: the rule compares
   * {@code lockedRound <= vr}, so it prevotes b. Two quorums of one round for different blocks
   * need more than 1/3 of the stake to equivocate, so the lock comes from the WAL here (a
   * restart), and the node sees round 1's prevotes for b without the proposal.
   */
  @Test
  void shouldPrevoteAReproposalWhoseProofOfLockIsFromTheRoundOfItsLock() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block x = ctx.proposer(1).block(1, 5);
    ctx.wal.record(Vote.sign(ctx.localKey, TestContext.CHAIN_ID, 1, 1, Vote.Step.PRECOMMIT, x.hash(), new boolean[0],
        new short[0]));
    ctx.restart();
    assertEquals(1, ctx.engine.round(), "it resumes in the round it last voted in");
    assertEquals(1, ctx.engine.lockedRound());
    Block b = ctx.proposer(0).block(0);
    ctx.prevotes(1, b.hash(), ctx.peers);
    ctx.precommits(1, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.proposeTimeout(1) + ctx.voteTimeout(1));
    assertEquals(2, ctx.engine.round());
    assertEquals(1, ctx.engine.lockedRound());

    ctx.inject(ctx.proposer(2).proposal(2, b, 1));

    assertEquals(b.hash(), ctx.prevoted(2));
  }
}
