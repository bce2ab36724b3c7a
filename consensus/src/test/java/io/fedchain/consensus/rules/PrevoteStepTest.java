package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What follows a prevote: lines 34 (prevote timeout), 36 (lock), 44 (nil quorum) and 61 (timeout expiry). */
class PrevoteStepTest {

  @Test
  void shouldSchedulePrevoteTimeoutOnlyAfterTwoThirdsOfPrevotesForAnythingAndThenPrecommitNil() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));
    List<ValidatorPeer> peers = ctx.peers;

    ctx.inject(peers.get(0).prevote(0, b.hash()));
    ctx.advance(60_000);
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "half of the stake prevoted: no timeout yet");

    ctx.inject(peers.get(1).prevote(0, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(0) - 1);
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "3/4 prevoted, split: waiting for the timeout");
    ctx.advance(1);
    assertTrue(ctx.precommitted(0).isZero());
    assertEquals(-1, ctx.engine.lockedRound());
  }

  @Test
  void shouldLockAndPrecommitOnTwoThirdsOfPrevotesForTheProposal() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));

    ctx.inject(ctx.peers.get(0).prevote(0, b.hash()));
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty());
    ctx.inject(ctx.peers.get(1).prevote(0, b.hash()));

    assertEquals(b.hash(), ctx.precommitted(0));
    assertEquals(0, ctx.engine.lockedRound());
    ctx.inject(ctx.peers.get(2).prevote(0, b.hash()));
    ctx.advance(60_000);
    assertEquals(b.hash(), ctx.precommitted(0), "one precommit only (\"for the first time\")");
  }

  @Test
  void shouldLockOnPrevotesThatArriveBeforeTheProposal() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.prevotes(0, b.hash(), ctx.peers);
    assertTrue(ctx.outbox.votes.isEmpty());

    ctx.inject(p0.proposal(0, b));

    assertEquals(b.hash(), ctx.prevoted(0));
    assertEquals(b.hash(), ctx.precommitted(0));
    assertEquals(0, ctx.engine.lockedRound());
  }

  @Test
  void shouldNotLockOnAnInvalidBlockWhateverThePrevotes() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block bad = p0.invalidBlock(0);
    ctx.inject(p0.proposal(0, bad));
    assertTrue(ctx.prevoted(0).isZero());

    ctx.prevotes(0, bad.hash(), ctx.peers);
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty());
    ctx.advance(ctx.voteTimeout(0));

    assertTrue(ctx.precommitted(0).isZero());
    assertEquals(-1, ctx.engine.lockedRound());
  }

  /**
   * Line 36 also runs after the node precommitted nil: the block becomes its valid value (not its
   * lock), which it proposes, with that round as proof-of-lock, when its turn comes.
   */
  @Test
  void shouldUpdateTheValidValueEvenAfterPrecommitting() {
    TestContext ctx = TestContext.builder().localProposes(1).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    List<ValidatorPeer> peers = ctx.peers;
    ctx.inject(peers.get(0).prevote(0, b.hash()), peers.get(1).prevote(0, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(0));
    assertTrue(ctx.precommitted(0).isZero());

    ctx.inject(peers.get(2).prevote(0, b.hash()));
    assertTrue(ctx.precommitted(0).isZero(), "no second precommit");
    assertEquals(-1, ctx.engine.lockedRound(), "not locked: it had precommitted already");

    ctx.precommits(0, Hash32.ZERO, peers);
    ctx.advance(ctx.voteTimeout(0));
    assertEquals(b.hash(), ctx.proposed(1).blockHash());
    assertEquals(0, ctx.proposed(1).polRound());
  }

  @Test
  void shouldPrecommitNilOnTwoThirdsOfPrevotesForNil() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));

    ctx.inject(ctx.peers.get(0).prevote(0, Hash32.ZERO), ctx.peers.get(1).prevote(0, Hash32.ZERO));
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty());
    ctx.inject(ctx.peers.get(2).prevote(0, Hash32.ZERO));

    assertTrue(ctx.precommitted(0).isZero(), "at once, without waiting for the timeout");
    assertEquals(-1, ctx.engine.lockedRound());
  }

  @Test
  void shouldPrecommitNilOnlyOnceItHasPrevotedItself() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ctx.prevotes(0, Hash32.ZERO, ctx.peers);
    assertTrue(ctx.outbox.votes.isEmpty(), "still in the propose step: " + ctx.outbox.votes);

    ctx.advance(ctx.proposeTimeout(0));

    assertTrue(ctx.prevoted(0).isZero());
    assertTrue(ctx.precommitted(0).isZero());
  }
}
