package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two different votes of one validator for the same height, round and step become evidence; the second does not count. */
class EquivocationTest {

  @Test
  void shouldHandBothConflictingPrevotesToTheOutboxAsEvidence() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer cheat = ctx.peers.get(0);
    Block b = ctx.proposer(0).block(0);
    Vote first = cheat.prevote(0, b.hash());
    Vote second = cheat.prevote(0, Hash32.ZERO);

    ctx.inject(first, second);

    assertEquals(List.of(new TxBody.Evidence(first, second)), ctx.outbox.evidence);
    TxBody.Evidence e = ctx.outbox.evidence.get(0);
    assertTrue(e.first().conflictsWith(e.second()), "the state transition slashes only conflicting votes");
    assertTrue(e.first().verify(TestContext.CHAIN_ID) && e.second().verify(TestContext.CHAIN_ID));
    assertEquals(List.of(cheat.stake), ctx.metrics.byzantineStake);
  }

  @Test
  void shouldCountAnEquivocatorOncePerBlockAndReportIt() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    ValidatorPeer cheat = ctx.peers.get(0);
    Vote nil = cheat.precommit(0, Hash32.ZERO);
    Vote forB = cheat.precommit(0, b.hash());

    ctx.inject(nil, forB);
    ctx.precommits(0, b.hash(), ctx.peers.subList(1, 3));

    // As the paper counts messages: the cheat's precommit for b counts for b (3 of 4), its nil one
    // for nil. Safety holds: two conflicting quorums would need more than 1/3 of the stake to sign
    // both (the simulation found halts when only the first vote counted).
    assertEquals(1, ctx.app.committed.size(), "committed with the cheat's precommit for the block");
    assertEquals(List.of(new TxBody.Evidence(nil, forB)), ctx.outbox.evidence);
  }

  @Test
  void shouldNotTakeTheSameVoteReceivedTwiceForEquivocation() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Vote v = ctx.peers.get(0).prevote(0, Hash32.ZERO);

    ctx.inject(v, v);

    assertTrue(ctx.outbox.evidence.isEmpty());
    assertTrue(ctx.metrics.byzantineStake.isEmpty());
  }

  @Test
  void shouldNotTakeAPrevoteAndAPrecommitOfOneRoundForEquivocation() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);
    ValidatorPeer peer = ctx.peers.get(0);

    ctx.inject(peer.prevote(0, b.hash()), peer.precommit(0, Hash32.ZERO));

    assertTrue(ctx.outbox.evidence.isEmpty());
  }
}
