package io.fedchain.consensus.sim;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockBody;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.consensus.ConsensusApp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A byzantine validator's application around the real {@code FlApp}. With
 * {@link Scenario.Behaviour#INVALID_BLOCKS} it mostly proposes blocks that do not re-execute, and
 * judges its own invalid blocks valid (so it votes for them). Every other call goes to the real
 * application unchanged.
 */
final class ByzantineApp implements ConsensusApp {
  private final SimNode node;
  private final ConsensusApp inner;
  private final Random random;
  private final Set<Hash32> forged = new HashSet<>();

  ByzantineApp(SimNode node, ConsensusApp inner, Random random) {
    this.node = node;
    this.inner = inner;
    this.random = random;
  }

  @Override
  public ChainState head() {
    return inner.head();
  }

  @Override
  public Block buildBlock(int round, long nowMillis) throws Exception {
    Block b = inner.buildBlock(round, nowMillis);
    if (!node.behaviours.contains(Scenario.Behaviour.INVALID_BLOCKS) || random.nextInt(5) == 0) {
      return b;
    }
    Block bad = corrupt(b, random.nextInt(5));
    forged.add(bad.hash());
    return bad;
  }

  private Block corrupt(Block b, int how) {
    BlockHeader h = b.header();
    BlockBody body = b.body();
    switch (how) {
      case 0 -> {
        return withHeader(b, h.stateRoot().equals(Hash32.ZERO) ? Hash32.sha256(new byte[] {1}) : Hash32.sha256(
            h.stateRoot().toBytes()), h.modelVersion());
      }
      case 1 -> {
        // A transaction whose signature does not verify, with the header's roots fixed to match.
        SignedTx good = SignedTx.sign(node.key, h.chainId(), new TxBody.Bond(1), head().members().get(node.key.id())
            .nonce());
        byte[] sig = good.signature();
        sig[0] ^= 1;
        List<SignedTx> txs = new ArrayList<>(body.txs());
        txs.add(new SignedTx(good.body(), good.signer(), good.nonce(), sig));
        return rebuild(b, new BlockBody(txs, body.lastCommit()));
      }
      case 2 -> {
        // A lastCommit cut down to at most 2/3 of the stake.
        if (body.lastCommit().isEmpty()) {
          return withHeader(b, Hash32.sha256(new byte[] {2}), h.modelVersion());
        }
        CommitCertificate c = body.lastCommit().get();
        long total = head().lastValidators().values().stream().mapToLong(Long::longValue).sum();
        List<Vote> votes = new ArrayList<>(c.precommits());
        while (!votes.isEmpty() && Stake.moreThanTwoThirds(stake(votes), total)) {
          votes.remove(votes.size() - 1);
        }
        return rebuild(b, new BlockBody(body.txs(), Optional.of(new CommitCertificate(c.height(), c.round(),
            c.blockHash(), votes))));
      }
      case 3 -> {
        return withHeader(b, h.stateRoot(), h.modelVersion() + 1);
      }
      default -> {
        // The same transaction twice (a replayed nonce), or a bond beyond its balance.
        List<SignedTx> txs = new ArrayList<>(body.txs());
        if (!txs.isEmpty()) {
          txs.add(txs.get(0));
        } else {
          txs.add(SignedTx.sign(node.key, h.chainId(), new TxBody.Bond(Long.MAX_VALUE / 4),
              head().members().get(node.key.id()).nonce()));
        }
        return rebuild(b, new BlockBody(txs, body.lastCommit()));
      }
    }
  }

  private long stake(List<Vote> votes) {
    long s = 0;
    for (Vote v : votes) {
      s += head().lastValidators().getOrDefault(v.validator(), 0L);
    }
    return s;
  }

  private static Block withHeader(Block b, Hash32 stateRoot, long modelVersion) {
    BlockHeader h = b.header();
    return new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), h.txsRoot(), h.updatesRoot(), h.lastCommitHash(), stateRoot, modelVersion, h.modelHash()),
        b.body());
  }

  /** The body replaced, the header's roots recomputed so that only re-execution shows the fault. */
  private static Block rebuild(Block b, BlockBody body) {
    BlockHeader h = b.header();
    return new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.parentHash(), h.proposer(),
        h.timestampMillis(), body.txsRoot(), body.updatesRoot(), body.lastCommitHash(), h.stateRoot(),
        h.modelVersion(), h.modelHash()), body);
  }

  @Override
  public Optional<Verdict> check(Block block) {
    if (forged.contains(block.hash())) {
      int n = block.body().updates().size();
      boolean[] yes = new boolean[n];
      java.util.Arrays.fill(yes, true);
      return Optional.of(new Verdict(yes, new short[n]));
    }
    return inner.check(block);
  }

  @Override
  public void commit(Block block, CommitCertificate certificate) {
    inner.commit(block, certificate);
  }
}
