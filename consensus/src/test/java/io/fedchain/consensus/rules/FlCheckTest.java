package io.fedchain.consensus.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.fl.ScoringJudge;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.score.ValidationScorer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * valid(v) as fedchain defines it, with the node under test running the real {@link
 * io.fedchain.consensus.fl.FlApp}: it re-executes the block on its own ledger with the deltas it
 * received, and judges the updates with {@link ScoringJudge} (the chain's leave-one-out rule) on
 * its own validation data. A block it cannot check gets a nil prevote; a block it can check gets
 * a prevote that says which updates it rejects.
 */
class FlCheckTest {
  private static final double HONEST_SIGMA = 1e-4;
  private static final double HARMFUL_SIGMA = 5;

  private static TestContext start() {
    ModelSpec spec = ModelSpec.parse("softmax:8-2");
    ValidationScorer scorer = new ValidationScorer(spec.newModel(),
        SyntheticData.prototypes("local validation", 200, spec.inputs(), spec.classes(), 40, 7));
    return TestContext.builder().localProposes(3).trainers(4).flApp(new ScoringJudge(scorer)).start();
  }

  /** A signed update of {@code trainer} with a seeded Gaussian delta; the peers' sidecars get the delta. */
  private static SignedTx update(TestContext ctx, ChainKey trainer, double sigma, long seed) {
    ChainState head = ctx.head();
    DeltaCodec codec = DeltaCodec.parse(head.params().codec());
    Random r = new Random(seed);
    float[] delta = new float[ctx.genesis.initialModel().length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) (r.nextGaussian() * sigma);
    }
    byte[] bytes = codec.encode(delta);
    Hash32 h = Hash32.sha256(bytes);
    ctx.deltas.put(h, bytes);
    return SignedTx.sign(trainer, TestContext.CHAIN_ID, new TxBody.Update(head.round().round(),
        head.round().modelHash(), h, bytes.length, 100, codec.name()), 0);
  }

  /** The update (and its delta) reaches the node under test, as the updates topic delivers it. */
  private static void deliver(TestContext ctx, SignedTx tx) {
    Hash32 h = ((TxBody.Update) tx.body()).deltaHash();
    Optional<String> refused = ctx.flApp.orElseThrow().mempool().add(ctx.head(), tx, Optional.of(ctx.deltas.get(h)));
    assertTrue(refused.isEmpty(), refused.toString());
  }

  /** Three honest updates and a harmful one (trainer 3), all delivered to the node. */
  private static List<SignedTx> updates(TestContext ctx, boolean deliverAll) {
    List<SignedTx> txs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      txs.add(update(ctx, ctx.trainers.get(i), i == 3 ? HARMFUL_SIGMA : HONEST_SIGMA, i));
    }
    for (int i = 0; i < txs.size(); i++) {
      if (deliverAll || i != 1) {
        deliver(ctx, txs.get(i));
      }
    }
    return txs;
  }

  /** The delta hashes of the updates a vote rejects, by the block's update order. */
  private static Set<Hash32> rejected(Vote v, Block b) {
    Set<Hash32> out = new HashSet<>();
    for (int i = 0; i < v.updates(); i++) {
      if (!v.accepts(i)) {
        out.add(b.body().updates().get(i).deltaHash());
      }
    }
    return out;
  }

  @Test
  void prevoteAndPrecommitShouldRejectTheUpdateTheNodesOwnJudgeFindsHarmful() {
    TestContext ctx = start();
    List<SignedTx> txs = updates(ctx, true);
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0, 0, txs);
    Hash32 harmful = ((TxBody.Update) txs.get(3).body()).deltaHash();

    ctx.inject(p0.proposal(0, b));
    Vote prevote = ctx.sent(Vote.Step.PREVOTE, 0);

    assertEquals(b.hash(), prevote.blockHash(), "a harmful update is a rejected update, not an invalid block");
    assertEquals(4, prevote.updates());
    assertEquals(Set.of(harmful), rejected(prevote, b), prevote.toString());
    assertTrue(prevote.scores()[b.body().updates().stream().map(TxBody.Update::deltaHash).toList().indexOf(harmful)]
        < 0, "the harmful update costs accuracy");

    ctx.prevotes(0, b.hash(), ctx.peers);
    Vote precommit = ctx.sent(Vote.Step.PRECOMMIT, 0);
    assertEquals(b.hash(), precommit.blockHash());
    assertEquals(Set.of(harmful), rejected(precommit, b));
  }

  @Test
  void shouldPrevoteNilForABlockWithADeltaTheNodeDoesNotHave() {
    TestContext ctx = start();
    List<SignedTx> txs = updates(ctx, false);
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0, 0, txs);

    ctx.inject(p0.proposal(0, b));

    assertTrue(ctx.prevoted(0).isZero(), "it cannot re-execute the block without the delta, so the block is not valid(v)");
    ctx.prevotes(0, b.hash(), ctx.peers);
    assertEquals(-1, ctx.engine.lockedRound(), "nor lock on it (line 36 needs valid(v))");
  }

  @Test
  void shouldPrevoteNilForABlockItsOwnReExecutionRejects() {
    TestContext ctx = start();
    ValidatorPeer p0 = ctx.proposer(0);
    Block bad = p0.invalidBlock(0);

    ctx.inject(p0.proposal(0, bad));

    assertTrue(ctx.prevoted(0).isZero());
  }

  @Test
  void shouldPrevoteAValidBlockOfUpdatesItAcceptsAll() {
    TestContext ctx = start();
    List<SignedTx> txs = updates(ctx, true).subList(0, 3);
    ValidatorPeer p0 = ctx.proposer(0);
    Block b = p0.block(0, 0, txs);

    ctx.inject(p0.proposal(0, b));

    Vote prevote = ctx.sent(Vote.Step.PREVOTE, 0);
    assertEquals(b.hash(), prevote.blockHash());
    assertTrue(rejected(prevote, b).isEmpty(), prevote.toString());
    assertFalse(prevote.isNil());
  }
}
