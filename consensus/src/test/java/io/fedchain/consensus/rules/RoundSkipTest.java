package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line 55: messages of a higher round from more than 1/3 of the stake move the node to that round. */
class RoundSkipTest {

  @Test
  void shouldSkipToAHigherRoundOnVotesFromMoreThanAThirdOfTheStake() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    List<ValidatorPeer> peers = ctx.peers;

    ctx.inject(peers.get(0).prevote(3, Hash32.ZERO));
    assertEquals(0, ctx.engine.round(), "a quarter of the stake");
    ctx.inject(peers.get(1).precommit(3, Hash32.ZERO));

    assertEquals(3, ctx.engine.round());
    assertEquals(3, ctx.proposed(3).round(), "it starts round 3 at once, where it is the proposer");
    assertTrue(ctx.outbox.proposals(1, 1).isEmpty() && ctx.outbox.proposals(1, 2).isEmpty());
  }

  @Test
  void shouldCountAValidatorOnceAcrossItsPrevoteAndPrecommit() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer peer = ctx.peers.get(0);

    ctx.inject(peer.prevote(3, Hash32.ZERO), peer.precommit(3, Hash32.ZERO));

    assertEquals(0, ctx.engine.round());
  }

  @Test
  void shouldNotGoBackToALowerRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ctx.precommits(2, Hash32.ZERO, ctx.peers.subList(0, 2));
    assertEquals(2, ctx.engine.round());

    ctx.precommits(1, Hash32.ZERO, ctx.peers);
    ctx.prevotes(1, Hash32.ZERO, ctx.peers);

    assertEquals(2, ctx.engine.round());
    assertTrue(ctx.outbox.votes.stream().noneMatch(v -> v.round() == 1), "sent " + ctx.outbox.votes);
  }
}
