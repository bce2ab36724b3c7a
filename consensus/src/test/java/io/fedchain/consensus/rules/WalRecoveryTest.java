package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Safety across a crash: the node writes each vote to its WAL before sending it; restarted on the
 * same WAL it sends the votes it already signed rather than new ones, and it recovers its lock.
 */
class WalRecoveryTest {

  /** Round 0: the node prevotes and precommits b (locking on it); the peers precommit nil. */
  private static Block lockInRound0(TestContext ctx) {
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    ctx.prevotes(0, b.hash(), ctx.peers);
    assertEquals(b.hash(), ctx.precommitted(0));
    return b;
  }

  @Test
  void restartedNodeShouldResendItsPrecommitInsteadOfSigningAnother() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    lockInRound0(ctx);
    Vote prevote = ctx.sent(Vote.Step.PREVOTE, 0);
    Vote precommit = ctx.sent(Vote.Step.PRECOMMIT, 0);

    ctx.restart();
    // Without the proposal the node would prevote nil on the propose timeout and, after the
    // prevote timeout, precommit nil.
    ctx.prevotes(0, Hash32.ZERO, ctx.peers.subList(0, 2));
    ctx.advance(ctx.proposeTimeout(0) + ctx.voteTimeout(0));

    // Its own votes: the same signed ones, nothing else. It also re-sends the prevotes that justify
    // its lock (the WAL keeps them as lock proofs; its own prevote is among them, so it may go twice).
    List<Vote> own = ctx.outbox.votes.stream().filter(v -> v.validator().equals(ctx.localKey.id())).distinct()
        .toList();
    assertEquals(List.of(prevote, precommit), own, "the same signed votes, nothing else");
    List<Vote> proofs = ctx.wal.lockProofs(1);
    assertTrue(ctx.outbox.votes.stream().allMatch(v -> own.contains(v) || proofs.contains(v)),
        "others' votes re-sent only as the lock's proof: " + ctx.outbox.votes);
  }

  @Test
  void restartedNodeShouldKeepItsLock() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    lockInRound0(ctx);

    ctx.restart();
    assertEquals(0, ctx.engine.lockedRound());
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    assertEquals(1, ctx.engine.round());
    ValidatorPeer p1 = ctx.proposer(1);
    Block c = p1.block(1);
    ctx.inject(p1.proposal(1, c));

    assertTrue(ctx.prevoted(1).isZero(), "locked on round 0's block, offered another without a proof-of-lock");
  }

  @Test
  void nodeWithoutItsWalShouldPrevoteThatSameProposal() {
    // The control for the test above: the nil prevote there comes from the recovered lock.
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ctx.precommits(1, Hash32.ZERO, ctx.peers.subList(0, 2));
    assertEquals(1, ctx.engine.round());
    ValidatorPeer p1 = ctx.proposer(1);
    Block c = p1.block(1);
    ctx.inject(p1.proposal(1, c));

    assertEquals(c.hash(), ctx.prevoted(1));
  }

  /**
   * The node locked on B in round 0, then on C in round 1 (a later proof-of-lock), and crashed.
   * Messages of round 0 reach it again after the restart: they must not take it back to round 0
   * and its lock on B, from where it would prevote B again in round 2 against its lock on C.
   */
  @Test
  void restartedNodeShouldNotFallBackToTheLockOfAnEarlierRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = lockInRound0(ctx);
    ctx.precommits(0, Hash32.ZERO, ctx.peers);
    ctx.advance(ctx.voteTimeout(0));
    ValidatorPeer p1 = ctx.proposer(1);
    Block c = p1.block(1);
    ctx.inject(p1.proposal(1, c));
    assertTrue(ctx.prevoted(1).isZero());
    ctx.prevotes(1, c.hash(), ctx.peers);
    assertEquals(c.hash(), ctx.precommitted(1));
    assertEquals(1, ctx.engine.lockedRound());

    ctx.restart();
    assertEquals(1, ctx.engine.lockedRound());
    ctx.inject(ctx.proposer(0).proposal(0, b));
    ctx.prevotes(0, b.hash(), ctx.peers);
    assertEquals(1, ctx.engine.lockedRound(), "round 0's quorum must not replace the lock of round 1");
    ctx.precommits(2, Hash32.ZERO, ctx.peers.subList(0, 2));
    assertEquals(2, ctx.engine.round());
    ctx.inject(ctx.proposer(2).proposal(2, b, 0));

    assertTrue(ctx.prevoted(2).isZero(), "b has a proof-of-lock from round 0 only; the node is locked on c since round 1");
  }
}
