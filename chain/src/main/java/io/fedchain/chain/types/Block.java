package io.fedchain.chain.types;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import java.util.ArrayList;
import java.util.List;

/**
 * A block: header and body. Its model deltas are not inside it: the body names them by hash and
 * they travel and are stored beside it. A committed block is stored with its own
 * {@link CommitCertificate} ({@link CommittedBlock}).
 */
public record Block(BlockHeader header, BlockBody body) {

  public Hash32 hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  /** Empty when the header's roots match the body; otherwise what does not match. */
  public List<String> rootMismatches() {
    List<String> out = new ArrayList<>();
    if (!header.txsRoot().equals(body.txsRoot())) {
      out.add("txs root");
    }
    if (!header.updatesRoot().equals(body.updatesRoot())) {
      out.add("updates root");
    }
    if (!header.lastCommitHash().equals(body.lastCommitHash())) {
      out.add("last commit hash");
    }
    return out;
  }

  public static final SszCodec<Block> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Block b) {
      out.object(BlockHeader.CODEC, b.header);
      out.object(BlockBody.CODEC, b.body);
    }

    @Override
    public Block read(SszIn in) {
      return new Block(in.object(BlockHeader.CODEC, 4096), in.object(BlockBody.CODEC, Limits.MAX_BLOCK_BYTES));
    }
  };
}
