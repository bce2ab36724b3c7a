package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.StateTransition;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Proposal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Messages of later heights wait in a buffer and count once the node gets there; earlier ones are late. */
class FutureHeightsTest {

  @Test
  void shouldBufferMessagesOfTheNextHeightAndReplayThemThere() throws Exception {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b1 = p0.block(0);
    List<Vote> precommits1 = ctx.peers.stream().map(p -> p.precommit(0, b1.hash())).toList();
    // Height 2 as the peers see it, already decided by them.
    ChainState after1 = StateTransition.apply(ctx.head(), b1, ctx.app.sidecars).state();
    ValidatorPeer proposer2 = ctx.peer(after1.proposer(0));
    Block b2 = proposer2.block(after1, Optional.of(new CommitCertificate(1, 0, b1.hash(), precommits1)), 0, 0,
        List.of());
    Proposal proposal2 = proposer2.proposal(0, b2);

    ctx.inject(proposal2);
    ctx.peers.forEach(p -> ctx.inject(p.vote(2, 0, Vote.Step.PREVOTE, b2.hash())));
    assertTrue(ctx.outbox.votes.stream().noneMatch(v -> v.height() == 2), "sent " + ctx.outbox.votes);
    // A validator that missed the precommits of its height waits for nobody: the blocks below a
    // later height's messages are committed elsewhere, so it asks for them at once (the simulation
    // found halts when it asked only from two heights ahead).
    assertEquals(List.of(2L), ctx.outbox.behind);

    ctx.inject(p0.proposal(0, b1));
    ctx.inject(precommits1.toArray(Vote[]::new));

    assertEquals(2, ctx.height());
    assertEquals(b2.hash(), ctx.sent(2, Vote.Step.PREVOTE, 0).blockHash(), "the buffered proposal counts");
    assertEquals(b2.hash(), ctx.sent(2, Vote.Step.PRECOMMIT, 0).blockHash(), "and so do the buffered prevotes");
  }

  @Test
  void shouldAskForBlocksOnceForEachNewHighestHeightSeen() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer peer = ctx.peers.get(0);

    ctx.inject(peer.vote(1, 0, Vote.Step.PREVOTE, Hash32.ZERO));
    assertTrue(ctx.outbox.behind.isEmpty(), "messages of its own height are no reason to sync");
    ctx.inject(peer.vote(2, 0, Vote.Step.PREVOTE, Hash32.ZERO));
    ctx.inject(peer.vote(5, 0, Vote.Step.PREVOTE, Hash32.ZERO));
    ctx.inject(ctx.peers.get(1).vote(5, 0, Vote.Step.PREVOTE, Hash32.ZERO));

    assertEquals(List.of(2L, 5L), ctx.outbox.behind);
  }

  @Test
  void shouldCountVotesOfAHeightAlreadyDecidedAsLate() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b1 = p0.block(0);
    ctx.inject(p0.proposal(0, b1));
    ctx.prevotes(0, b1.hash(), ctx.peers);
    ctx.precommits(0, b1.hash(), ctx.peers.subList(0, 2));
    assertEquals(2, ctx.height(), "its own precommit and two of the peers' decide");

    ctx.inject(ctx.peers.get(2).vote(1, 0, Vote.Step.PRECOMMIT, b1.hash()));

    assertEquals(1, ctx.metrics.lateVotes);
  }
}
