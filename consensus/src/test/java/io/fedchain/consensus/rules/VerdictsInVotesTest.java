package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.ConsensusApp;
import io.fedchain.learning.codec.DeltaCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fedchain addition to Tendermint: a vote for a block carries the node's own verdict on each
 * of its model updates, as {@link ConsensusApp#check} returned it; nil votes carry none.
 */
class VerdictsInVotesTest {

  /** A block of round 0 with one update from each trainer (seeded random deltas, the chain's codec). */
  private static Block blockWithUpdates(TestContext ctx, ValidatorPeer proposer) {
    ChainState head = ctx.head();
    DeltaCodec codec = DeltaCodec.parse(head.params().codec());
    int size = ctx.genesis.initialModel().length;
    Random random = new Random(5);
    List<SignedTx> txs = new ArrayList<>();
    for (ChainKey trainer : ctx.trainers) {
      float[] delta = new float[size];
      for (int i = 0; i < size; i++) {
        delta[i] = (float) (random.nextGaussian() * 0.01);
      }
      byte[] bytes = codec.encode(delta);
      Hash32 h = Hash32.sha256(bytes);
      ctx.deltas.put(h, bytes);
      txs.add(SignedTx.sign(trainer, TestContext.CHAIN_ID, new TxBody.Update(head.round().round(),
          head.round().modelHash(), h, bytes.length, 100, codec.name()), 0));
    }
    return proposer.block(0, 0, txs);
  }

  @Test
  void prevoteAndPrecommitShouldCarryTheVerdictsOfTheNodesOwnCheck() {
    TestContext ctx = TestContext.builder().localProposes(3).trainers(3).start();
    boolean[] accepted = {true, false, true};
    short[] scores = {120, -340, 5};
    ctx.app.verdicts = b -> new ConsensusApp.Verdict(accepted, scores);
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = blockWithUpdates(ctx, p0);
    assertEquals(3, b.body().updates().size());

    ctx.inject(p0.proposal(0, b));
    ctx.prevotes(0, b.hash(), ctx.peers);

    for (Vote v : List.of(ctx.sent(Vote.Step.PREVOTE, 0), ctx.sent(Vote.Step.PRECOMMIT, 0))) {
      assertEquals(b.hash(), v.blockHash());
      assertEquals(3, v.updates());
      assertArrayEquals(accepted, new boolean[] {v.accepts(0), v.accepts(1), v.accepts(2)}, v.toString());
      assertArrayEquals(scores, v.scores(), v.toString());
    }
    assertEquals(1, ctx.app.checks.get(b.hash()), "checked once for the prevote, the precommit and every peer's vote");
  }

  @Test
  void nilVotesShouldCarryNoVerdicts() {
    TestContext ctx = TestContext.builder().localProposes(3).trainers(3).start();
    ctx.app.verdicts = b -> new ConsensusApp.Verdict(new boolean[] {true, true, true}, new short[] {1, 2, 3});
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = blockWithUpdates(ctx, p0);
    ctx.inject(p0.proposal(0, b));
    ctx.prevotes(0, Hash32.ZERO, ctx.peers);

    assertEquals(b.hash(), ctx.prevoted(0));
    Vote nil = ctx.sent(Vote.Step.PRECOMMIT, 0);
    assertEquals(Hash32.ZERO, nil.blockHash());
    assertEquals(0, nil.updates());
  }
}
