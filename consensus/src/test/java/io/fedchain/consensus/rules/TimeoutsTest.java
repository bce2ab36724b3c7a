package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import org.junit.jupiter.api.Test;

/**
 * Each timeout is its base ({@code proposeTimeoutMillis} or {@code voteTimeoutMillis}) plus
 * {@code timeoutDeltaMillis} per round, so that after enough rounds every timeout outlasts the
 * network's delay. Measured in round 2 against round 0's values.
 */
class TimeoutsTest {

  /** Two of four equal validators precommit nil in round 2: the node skips there at the current time. */
  private static void skipToRound2(TestContext ctx) {
    ctx.precommits(2, Hash32.ZERO, ctx.peers.subList(0, 2));
    assertEquals(2, ctx.engine.round());
  }

  @Test
  void proposeTimeoutShouldGrowWithTheRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    assertTrue(ctx.proposeTimeout(2) > ctx.proposeTimeout(0), "the test needs timeoutDeltaMillis > 0");
    skipToRound2(ctx);

    ctx.advance(ctx.proposeTimeout(0));
    assertTrue(ctx.maybeSent(Vote.Step.PREVOTE, 2).isEmpty(), "round 0's propose timeout is too short for round 2");
    ctx.advance(ctx.proposeTimeout(2) - ctx.proposeTimeout(0) - 1);
    assertTrue(ctx.maybeSent(Vote.Step.PREVOTE, 2).isEmpty());
    ctx.advance(1);
    assertTrue(ctx.prevoted(2).isZero());
  }

  @Test
  void prevoteTimeoutShouldGrowWithTheRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    skipToRound2(ctx);
    ValidatorPeer p2 = ctx.proposer(2);
    Block b = p2.block(2);
    ctx.inject(p2.proposal(2, b));
    ctx.inject(ctx.peers.get(0).prevote(2, Hash32.ZERO), ctx.peers.get(1).prevote(2, Hash32.ZERO));
    assertEquals(b.hash(), ctx.prevoted(2));

    ctx.advance(ctx.voteTimeout(2) - 1);
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 2).isEmpty());
    ctx.advance(1);
    assertTrue(ctx.precommitted(2).isZero());
    assertTrue(ctx.voteTimeout(2) > ctx.voteTimeout(0));
  }

  @Test
  void precommitTimeoutShouldGrowWithTheRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    skipToRound2(ctx);

    ctx.inject(ctx.peers.get(2).precommit(2, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(2) - 1);
    assertEquals(2, ctx.engine.round());
    ctx.advance(1);
    assertEquals(3, ctx.engine.round());
    ctx.proposed(3);
  }
}
