package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every threshold is stake, not heads. Stakes 1, 1, 1 and 5 (total 8): the three small validators
 * are 3/4 of the validators but 3/8 of the stake; the big one and any other are half of the
 * validators but 6/8 of the stake. The node under test holds 1.
 */
class StakeWeightingTest {

  private final TestContext ctx = TestContext.builder().stakes(1, 1, 1, 5).local(0).start();
  private final ValidatorPeer big = ctx.peerWithStake(5);
  private final List<ValidatorPeer> small = ctx.peers.stream().filter(p -> p.stake == 1).toList();

  private Block proposeRound0() {
    assertEquals(big.id(), ctx.head().proposer(0), "the rotation favours stake: the big validator opens");
    Block b = big.block(0);
    ctx.inject(big.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));
    return b;
  }

  @Test
  void prevotesFromThreeQuartersOfTheValidatorsButAThirdOfTheStakeShouldNotLock() {
    Block b = proposeRound0();

    ctx.prevotes(0, b.hash(), small);
    ctx.advance(60_000);

    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "3/8 of the stake is no quorum, nor grounds for a timeout");
    assertEquals(-1, ctx.engine.lockedRound());
  }

  @Test
  void prevotesFromHalfTheValidatorsButThreeQuartersOfTheStakeShouldLock() {
    Block b = proposeRound0();

    ctx.inject(big.prevote(0, b.hash()));

    assertEquals(b.hash(), ctx.precommitted(0));
    assertEquals(0, ctx.engine.lockedRound());
  }

  @Test
  void commitShouldNeedMoreThanTwoThirdsOfTheStakeWhateverTheCount() {
    Block b = proposeRound0();
    ctx.inject(big.prevote(0, b.hash()));
    assertEquals(b.hash(), ctx.precommitted(0));

    ctx.precommits(0, b.hash(), small);
    assertTrue(ctx.app.committed.isEmpty(), "the three small validators (the node among them): 3/8 of the stake");
    ctx.inject(big.precommit(0, b.hash()));

    assertEquals(1, ctx.app.committed.size());
  }

  @Test
  void commitShouldFollowTwoThirdsOfTheStakeFromAFewValidators() {
    Block b = proposeRound0();

    ctx.inject(big.precommit(0, b.hash()));
    assertTrue(ctx.app.committed.isEmpty(), "5/8 is not more than 2/3");
    ctx.inject(small.get(0).precommit(0, b.hash()));

    assertEquals(1, ctx.app.committed.size(), "6/8 from two of the four validators");
  }

  @Test
  void roundSkipShouldNeedMoreThanAThirdOfTheStake() {
    ctx.inject(small.get(0).prevote(2, Hash32.ZERO), small.get(1).prevote(2, Hash32.ZERO));
    assertEquals(0, ctx.engine.round(), "half of the validators, a quarter of the stake");

    ctx.inject(big.precommit(3, Hash32.ZERO));
    assertEquals(3, ctx.engine.round(), "one validator with 5/8 of the stake");
  }

  @Test
  void precommitTimeoutShouldNeedMoreThanTwoThirdsOfTheStakeWhateverTheCount() {
    ctx.precommits(0, Hash32.ZERO, small);
    ctx.advance(ctx.proposeTimeout(0));
    assertTrue(ctx.prevoted(0).isZero());
    ctx.advance(60_000);
    assertEquals(0, ctx.engine.round(), "two of the three other validators precommitted: 2/8 of the stake, no timeout");

    ctx.inject(big.precommit(0, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(0) - 1);
    assertEquals(0, ctx.engine.round());
    ctx.advance(1);
    assertEquals(1, ctx.engine.round(), "7/8 of the stake precommitted: the precommit timeout ran out");
  }
}
