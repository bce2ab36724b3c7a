package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line 47 (precommit timeout), line 65 (its expiry starts the next round) and line 49 (decision). */
class PrecommitStepTest {

  @Test
  void shouldStartTheNextRoundWhenThePrecommitTimeoutExpires() {
    TestContext ctx = TestContext.builder().localProposes(1).start();
    List<ValidatorPeer> peers = ctx.peers;
    Block b = ctx.proposer(0).block(0);
    ctx.inject(peers.get(0).precommit(0, Hash32.ZERO), peers.get(1).precommit(0, b.hash()));
    ctx.advance(60_000);
    assertEquals(0, ctx.engine.round(), "half of the stake precommitted: no timeout");

    ctx.inject(peers.get(2).precommit(0, Hash32.ZERO));
    ctx.advance(ctx.voteTimeout(0) - 1);
    assertTrue(ctx.outbox.proposals(1, 1).isEmpty());
    ctx.advance(1);

    assertEquals(1, ctx.engine.round());
    ctx.proposed(1);
  }

  @Test
  void shouldCommitTheProposalOnTwoThirdsOfPrecommitsForIt() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    List<Vote> precommits = ctx.peers.stream().map(p -> p.precommit(0, b.hash())).toList();

    ctx.inject(precommits.get(0), precommits.get(1));
    assertTrue(ctx.app.committed.isEmpty());
    ctx.inject(precommits.get(2));

    assertEquals(1, ctx.app.committed.size());
    CommittedBlock c = ctx.app.committed.get(0);
    assertEquals(b.hash(), c.block().hash());
    assertEquals(0, c.commit().round());
    assertEquals(b.hash(), c.commit().blockHash());
    assertTrue(c.commit().precommits().containsAll(precommits), "the certificate holds the precommits");
    assertEquals(2, ctx.height());
    assertEquals(0, ctx.engine.round());
    assertEquals(-1, ctx.engine.lockedRound(), "a new height starts unlocked");
  }

  @Test
  void shouldCommitABlockDecidedInAnEarlierRound() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ctx.precommits(2, Hash32.ZERO, ctx.peers.subList(0, 2));
    assertEquals(2, ctx.engine.round());
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);

    ctx.inject(p0.proposal(0, b));
    ctx.precommits(0, b.hash(), ctx.peers);

    assertEquals(1, ctx.app.committed.size());
    assertEquals(b.hash(), ctx.app.committed.get(0).block().hash());
  }

  @Test
  void shouldAskForTheBlockWhenTwoThirdsPrecommitABlockItHasNotSeen() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);

    ctx.precommits(0, b.hash(), ctx.peers);

    assertTrue(ctx.app.committed.isEmpty());
    assertEquals(List.of(1L), ctx.outbox.behind.stream().distinct().toList());
  }

  @Test
  void shouldNotCommitABlockItFindsInvalidWhateverThePrecommits() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block bad = p0.invalidBlock(0);
    ctx.inject(p0.proposal(0, bad));

    ctx.precommits(0, bad.hash(), ctx.peers);

    assertTrue(ctx.app.committed.isEmpty());
    assertEquals(1, ctx.height());
  }
}
