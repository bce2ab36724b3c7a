package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.Merkle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The transactions of a block and the previous block's commit certificate. */
public record BlockBody(List<SignedTx> txs, Optional<CommitCertificate> lastCommit) {
  public BlockBody {
    txs = List.copyOf(txs);
  }

  /** The model updates, in block order: the order of every vote's verdicts. */
  public List<TxBody.Update> updates() {
    List<TxBody.Update> out = new ArrayList<>();
    for (SignedTx t : txs) {
      if (t.body() instanceof TxBody.Update u) {
        out.add(u);
      }
    }
    return out;
  }

  public List<SignedTx> updateTxs() {
    return txs.stream().filter(t -> t.body() instanceof TxBody.Update).toList();
  }

  public Hash32 txsRoot() {
    return Merkle.rootOfHashes(txs.stream().map(SignedTx::hash).toList());
  }

  public Hash32 updatesRoot() {
    return Merkle.rootOfHashes(updates().stream().map(TxBody.Update::deltaHash).toList());
  }

  public Hash32 lastCommitHash() {
    return lastCommit.map(CommitCertificate::hash).orElse(Hash32.ZERO);
  }

  public static final SszCodec<BlockBody> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, BlockBody b) {
      out.list(SignedTx.CODEC, b.txs);
      out.optional(CommitCertificate.CODEC, b.lastCommit);
    }

    @Override
    public BlockBody read(SszIn in) {
      return new BlockBody(in.list(SignedTx.CODEC, Limits.MAX_TXS_PER_BLOCK, Limits.MAX_TX_BYTES),
          in.optional(CommitCertificate.CODEC, Limits.MAX_VOTES * Limits.MAX_VOTE_BYTES));
    }
  };
}
