package io.fedchain.chain.state;

import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import java.util.List;

/**
 * The FL round in progress: the global model it trains from (version {@code round}), when it
 * started, the updates accepted so far, those rejected, and the updates of the last block, which
 * wait for the validators' verdicts in the next block's commit certificate.
 */
public record RoundState(long round, Hash32 modelHash, long startHeight, long startTimeMillis,
    List<UpdateRef> accepted, List<UpdateRef> rejected, List<UpdateRef> pending) {

  /** An update as the state remembers it. */
  public record UpdateRef(MemberId trainer, Hash32 deltaHash, long numSamples, String codec) {}

  public RoundState {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
    pending = List.copyOf(pending);
  }

  static final SszCodec<UpdateRef> REF = new SszCodec<>() {
    @Override
    public void write(SszOut out, UpdateRef u) {
      out.member(u.trainer());
      out.hash(u.deltaHash());
      out.uint64(u.numSamples());
      out.string(u.codec());
    }

    @Override
    public UpdateRef read(SszIn in) {
      return new UpdateRef(in.member(), in.hash(), in.uint64(), in.string(64));
    }
  };

  public static final SszCodec<RoundState> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, RoundState r) {
      out.uint64(r.round);
      out.hash(r.modelHash);
      out.uint64(r.startHeight);
      out.uint64(r.startTimeMillis);
      out.list(REF, r.accepted);
      out.list(REF, r.rejected);
      out.list(REF, r.pending);
    }

    @Override
    public RoundState read(SszIn in) {
      return new RoundState(in.uint64(), in.hash(), in.uint64(), in.uint64(), in.list(REF, 100_000, 256),
          in.list(REF, 100_000, 256), in.list(REF, 100_000, 256));
    }
  };
}
