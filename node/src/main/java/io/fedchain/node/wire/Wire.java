package io.fedchain.node.wire;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Limits;
import io.fedchain.chain.types.SignedTx;
import java.util.List;

/**
 * What fedchain nodes say to each other over libp2p: gossip topics
 * {@code /fedchain/<chainId>/<name>/ssz} (updates, proposals, votes, txs) and request/response
 * protocols for sync, all SSZ-encoded (chain's codec).
 */
public final class Wire {
  private Wire() {}

  public static final String UPDATES = "updates";
  public static final String PROPOSALS = "proposals";
  public static final String VOTES = "votes";
  public static final String TXS = "txs";

  public static final String STATUS = "status";
  public static final String BLOCKS_BY_RANGE = "blocks_by_range";
  public static final String DELTAS_BY_HASH = "deltas_by_hash";

  /** Blocks per blocks-by-range request. */
  public static final int MAX_BLOCKS_PER_REQUEST = 16;
  /** Deltas per deltas-by-hash request (a float32 MLP delta is ~400 KB). */
  public static final int MAX_DELTAS_PER_REQUEST = 8;
  /** Largest delta a node accepts from the network. */
  public static final int MAX_DELTA_BYTES = 8 << 20;

  public static String topic(String chainId, String name) {
    return "/fedchain/" + chainId + "/" + name + "/ssz";
  }

  public static String protocol(String chainId, String name) {
    return "/fedchain/" + chainId + "/req/" + name + "/1/ssz";
  }

  /** A model update as gossiped: the signed transaction and its delta (the sidecar the tx names by hash). */
  public record UpdateMessage(SignedTx tx, byte[] delta) {
    public static final SszCodec<UpdateMessage> CODEC = new SszCodec<>() {
      @Override
      public void write(SszOut out, UpdateMessage m) {
        out.object(SignedTx.CODEC, m.tx);
        out.bytes(m.delta);
      }

      @Override
      public UpdateMessage read(SszIn in) {
        return new UpdateMessage(in.object(SignedTx.CODEC, Limits.MAX_TX_BYTES), in.bytes(MAX_DELTA_BYTES));
      }
    };
  }

  /** A node's head, exchanged before sync. */
  public record Status(long height, Hash32 headHash, long modelVersion) {
    public static final SszCodec<Status> CODEC = new SszCodec<>() {
      @Override
      public void write(SszOut out, Status s) {
        out.uint64(s.height);
        out.hash(s.headHash);
        out.uint64(s.modelVersion);
      }

      @Override
      public Status read(SszIn in) {
        return new Status(in.uint64(), in.hash(), in.uint64());
      }
    };
  }

  public record BlocksRequest(long fromHeight, int count) {
    public static final SszCodec<BlocksRequest> CODEC = new SszCodec<>() {
      @Override
      public void write(SszOut out, BlocksRequest r) {
        out.uint64(r.fromHeight);
        out.uint32(r.count);
      }

      @Override
      public BlocksRequest read(SszIn in) {
        return new BlocksRequest(in.uint64(), (int) Math.min(in.uint32(), MAX_BLOCKS_PER_REQUEST));
      }
    };
  }

  public static final SszCodec<List<CommittedBlock>> BLOCKS = new SszCodec<>() {
    @Override
    public void write(SszOut out, List<CommittedBlock> blocks) {
      out.list(CommittedBlock.CODEC, blocks);
    }

    @Override
    public List<CommittedBlock> read(SszIn in) {
      return in.list(CommittedBlock.CODEC, MAX_BLOCKS_PER_REQUEST, Limits.MAX_BLOCK_BYTES * 2);
    }
  };

  public static final SszCodec<List<Hash32>> HASHES = new SszCodec<>() {
    private final SszCodec<Hash32> one = new SszCodec<>() {
      @Override
      public void write(SszOut out, Hash32 h) {
        out.hash(h);
      }

      @Override
      public Hash32 read(SszIn in) {
        return in.hash();
      }
    };

    @Override
    public void write(SszOut out, List<Hash32> hashes) {
      out.list(one, hashes);
    }

    @Override
    public List<Hash32> read(SszIn in) {
      return in.list(one, MAX_DELTAS_PER_REQUEST, 64);
    }
  };

  /** Deltas answering a deltas-by-hash request, in request order; an empty one for a delta the peer lacks. */
  public static final SszCodec<List<byte[]>> DELTAS = new SszCodec<>() {
    private final SszCodec<byte[]> one = new SszCodec<>() {
      @Override
      public void write(SszOut out, byte[] b) {
        out.bytes(b);
      }

      @Override
      public byte[] read(SszIn in) {
        return in.bytes(MAX_DELTA_BYTES);
      }
    };

    @Override
    public void write(SszOut out, List<byte[]> ds) {
      out.list(one, ds);
    }

    @Override
    public List<byte[]> read(SszIn in) {
      return in.list(one, MAX_DELTAS_PER_REQUEST, MAX_DELTA_BYTES + 16);
    }
  };
}
