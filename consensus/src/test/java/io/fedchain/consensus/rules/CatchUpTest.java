package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Vote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node that fell behind takes a committed block fetched from a peer when its certificate holds
 * valid precommits from more than 2/3 of the stake and the block passes its own check; signatures
 * count, not names.
 */
class CatchUpTest {

  private static List<Vote> precommits(List<ValidatorPeer> from, Block b) {
    return from.stream().map(p -> p.precommit(0, b.hash())).toList();
  }

  /** A precommit for {@code b} that names {@code peer} but is signed by a key outside the validator set. */
  private static Vote forged(ValidatorPeer peer, Block b) {
    Vote real = peer.precommit(0, b.hash());
    Vote byOutsider = Vote.sign(TestContext.key(999), TestContext.CHAIN_ID, real.height(), real.round(), real.step(),
        real.blockHash(), new boolean[0], new short[0]);
    return new Vote(real.height(), real.round(), real.step(), real.blockHash(), peer.id(), real.accepted(),
        real.scores(), byOutsider.signature());
  }

  @Test
  void shouldCommitABlockWhoseCertificateHoldsMoreThanTwoThirdsOfTheStake() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);

    ctx.engine.onCommittedBlock(new CommittedBlock(b, new CommitCertificate(1, 0, b.hash(), precommits(ctx.peers, b))));

    assertEquals(1, ctx.app.committed.size());
    assertEquals(b.hash(), ctx.app.committed.get(0).block().hash());
    assertEquals(2, ctx.height());
  }

  @Test
  void shouldRefuseACertificateOfTwoThirdsOrLess() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);

    ctx.engine.onCommittedBlock(new CommittedBlock(b, new CommitCertificate(1, 0, b.hash(),
        precommits(ctx.peers.subList(0, 2), b))));

    assertTrue(ctx.app.committed.isEmpty());
    assertEquals(1, ctx.height());
  }

  @Test
  void shouldRefuseACertificateWithAForgedPrecommit() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block b = ctx.proposer(0).block(0);
    List<Vote> votes = new ArrayList<>(precommits(ctx.peers.subList(0, 2), b));
    votes.add(forged(ctx.peers.get(2), b));

    ctx.engine.onCommittedBlock(new CommittedBlock(b, new CommitCertificate(1, 0, b.hash(), votes)));

    assertTrue(ctx.app.committed.isEmpty(), "two real precommits (1/2 of the stake) and a forged one");
  }

  @Test
  void shouldRefuseACertifiedBlockItFindsInvalid() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    Block bad = ctx.proposer(0).invalidBlock(0);

    ctx.engine.onCommittedBlock(new CommittedBlock(bad, new CommitCertificate(1, 0, bad.hash(),
        precommits(ctx.peers, bad))));

    assertTrue(ctx.app.committed.isEmpty());
  }

  @Test
  void shouldNotCountAForgedVote() {
    TestContext ctx = TestContext.builder().localProposes(3).start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0);
    ctx.inject(p0.proposal(0, b));
    assertEquals(b.hash(), ctx.prevoted(0));
    ValidatorPeer other = ctx.nonProposers(0).get(0);
    Vote real = other.prevote(0, b.hash());
    ChainKey outsider = TestContext.key(999);
    Vote forgedPrevote = new Vote(real.height(), real.round(), real.step(), real.blockHash(), p0.id(),
        real.accepted(), real.scores(), Vote.sign(outsider, TestContext.CHAIN_ID, 1, 0, Vote.Step.PREVOTE, b.hash(),
            new boolean[0], new short[0]).signature());

    ctx.inject(real, forgedPrevote);

    assertTrue(ctx.maybeSent(Vote.Step.PRECOMMIT, 0).isEmpty(), "the node and one peer: half of the stake");
    assertEquals(-1, ctx.engine.lockedRound());
  }
}
