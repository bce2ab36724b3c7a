package io.fedchain.chain.state;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.BlockBody;
import io.fedchain.chain.types.BlockHeader;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.SignedTx;
import java.util.List;
import java.util.Optional;

/**
 * Builds the next block for a proposer: executes the transition on the candidate body and fills
 * the header's roots, state root and model from the result, so the block is valid by construction
 * (or the proposer learns why not).
 */
public final class BlockBuilder {
  private BlockBuilder() {}

  /** A built block with the transition's result, which the proposer keeps if the block commits. */
  public record Built(Block block, StateTransition.Result result) {}

  public static Built build(ChainState pre, MemberId proposer, int consensusRound, long timestampMillis,
      List<SignedTx> txs, Optional<CommitCertificate> lastCommit, Sidecars sidecars)
      throws InvalidBlockException, MissingSidecarException {
    BlockBody body = new BlockBody(txs, lastCommit);
    BlockHeader draft = new BlockHeader(pre.chainId(), pre.height() + 1, consensusRound, pre.lastBlockHash(), proposer,
        timestampMillis, body.txsRoot(), body.updatesRoot(), body.lastCommitHash(), Hash32.ZERO, 0, Hash32.ZERO);
    StateTransition.Result r = StateTransition.execute(pre, draft, body, sidecars);
    BlockHeader header = new BlockHeader(draft.chainId(), draft.height(), draft.round(), draft.parentHash(),
        proposer, timestampMillis, draft.txsRoot(), draft.updatesRoot(), draft.lastCommitHash(), r.state().root(),
        r.state().round().round(), r.state().round().modelHash());
    // The root does not cover the block hash, so only the recorded hash changes with the final header.
    ChainState post = r.state().withLastBlockHash(header.hash());
    return new Built(new Block(header, body), new StateTransition.Result(post, r.newModel(), r.events()));
  }
}
