package io.fedchain.consensus.rules;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.BlockBuilder;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.InvalidBlockException;
import io.fedchain.chain.state.MissingSidecarException;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.Proposal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A fake validator (Besu's ValidatorPeer): a key the test controls, signing blocks, proposals and
 * votes that the test injects into the node under test. It follows no protocol of its own: the
 * test decides what it says, honest or not.
 */
final class ValidatorPeer {
  private final TestContext ctx;
  final ChainKey key;
  final long stake;

  ValidatorPeer(TestContext ctx, ChainKey key, long stake) {
    this.ctx = ctx;
    this.key = key;
    this.stake = stake;
  }

  MemberId id() {
    return key.id();
  }

  /** A valid block for the node's next height, proposed by this peer in {@code round}. */
  Block block(int round) {
    return block(round, 0, List.of());
  }

  /** Another valid block of the same round: {@code salt} moves its timestamp, hence its hash. */
  Block block(int round, int salt) {
    return block(round, salt, List.of());
  }

  Block block(int round, int salt, List<SignedTx> txs) {
    return block(ctx.app.head(), ctx.app.lastCommit(), round, salt, txs);
  }

  /** A valid block on {@code pre}, which may be ahead of the node's head (messages of future heights). */
  Block block(ChainState pre, Optional<CommitCertificate> lastCommit, int round, int salt, List<SignedTx> txs) {
    long time = pre.lastBlockTime() + 1 + 100L * round + salt;
    try {
      Block b = BlockBuilder.build(pre, key.id(), round, time, txs, lastCommit, ctx.app.sidecars).block();
      ctx.remember(b);
      return b;
    } catch (InvalidBlockException | MissingSidecarException e) {
      throw new IllegalStateException("the test built an invalid block: " + e.getMessage(), e);
    }
  }

  /**
   * A block the state transition rejects: a valid block whose header claims another state root.
   * Its proposal is well formed and well signed; only re-execution tells it apart.
   */
  Block invalidBlock(int round) {
    Block valid = block(round, 7);
    BlockHeader h = valid.header();
    Block b = new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(), Hash32.sha256(new byte[] {1}),
        h.modelVersion(), h.modelHash()), valid.body());
    ctx.remember(b);
    return b;
  }

  Proposal proposal(int round, Block block, int polRound) {
    return Proposal.sign(key, TestContext.CHAIN_ID, round, polRound, block);
  }

  /** A proposal of a fresh block of {@code round} ({@code polRound} -1). */
  Proposal proposal(int round, Block block) {
    return proposal(round, block, -1);
  }

  Vote prevote(int round, Hash32 block) {
    return vote(ctx.height(), round, Vote.Step.PREVOTE, block);
  }

  Vote precommit(int round, Hash32 block) {
    return vote(ctx.height(), round, Vote.Step.PRECOMMIT, block);
  }

  /** A vote that accepts every update of the block (when the test knows the block). */
  Vote vote(long height, int round, Vote.Step step, Hash32 block) {
    int updates = block.isZero() ? 0 : ctx.updatesIn(block);
    boolean[] yes = new boolean[updates];
    Arrays.fill(yes, true);
    return Vote.sign(key, TestContext.CHAIN_ID, height, round, step, block, yes, new short[updates]);
  }

  @Override
  public String toString() {
    return "peer " + key.id() + " (stake " + stake + ")";
  }
}
