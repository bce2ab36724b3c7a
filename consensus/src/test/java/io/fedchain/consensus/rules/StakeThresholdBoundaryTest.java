package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thresholds are strict: exactly 2/3 of the stake is no quorum, exactly 1/3 no reason to skip
 * a round. Stakes 2, 2, 1 and 1 (total 6): the two big validators hold exactly 4/6, either big one
 * exactly 2/6. The node under test holds 1.
 */
class StakeThresholdBoundaryTest {

  private final TestContext ctx = TestContext.builder().stakes(2, 2, 1, 1).local(3).start();
  private final List<ValidatorPeer> big = ctx.peers.stream().filter(p -> p.stake == 2).toList();
  private final ValidatorPeer small = ctx.peerWithStake(1);

  @Test
  void precommitsFromExactlyTwoThirdsOfTheStakeShouldNotCommit() {
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));

    ctx.precommits(0, b.hash(), big);
    assertTrue(ctx.app.committed.isEmpty(), "4/6 is not more than 2/3");
    ctx.inject(small.precommit(0, b.hash()));

    assertEquals(1, ctx.app.committed.size());
  }

  @Test
  void prevotesFromExactlyTwoThirdsOfTheStakeShouldNotLock() {
    ValidatorPeer p0 = ctx.proposer(0);
    assertEquals(2, p0.stake, "the rotation favours stake: a big validator opens");
    ValidatorPeer otherBig = big.stream().filter(p -> !p.id().equals(p0.id())).findFirst().orElseThrow();
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));

    ctx.inject(otherBig.prevote(0, b.hash()));
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "the node (1) and a big validator (2): 3/6");
    ctx.inject(small.prevote(0, b.hash()));
    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "and the other small one (1): 4/6, exactly 2/3");
    ctx.inject(p0.prevote(0, b.hash()));

    assertEquals(b.hash(), ctx.precommitted(0), "6/6");
  }

  @Test
  void votesFromExactlyAThirdOfTheStakeShouldNotSkipTheRound() {
    ctx.inject(big.get(0).precommit(2, Hash32.ZERO));
    assertEquals(0, ctx.engine.round(), "2/6 is not more than 1/3");

    ctx.inject(small.prevote(2, Hash32.ZERO));

    assertEquals(2, ctx.engine.round());
  }
  @Test
  void precommitsFromExactlyTwoThirdsOfTheStakeShouldNotStartThePrecommitTimeout() {
    ctx.precommits(0, ctx.proposer(0).block(0).hash(), big.subList(0, 1));
    ctx.inject(big.get(1).precommit(0, Hash32.ZERO));
    ctx.advance(60_000);
    assertEquals(0, ctx.engine.round(), "4/6 precommitted, split: exactly 2/3");

    ctx.inject(small.precommit(0, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(0));

    assertEquals(1, ctx.engine.round());
  }
}
