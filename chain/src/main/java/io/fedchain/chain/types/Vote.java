package io.fedchain.chain.types;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszEncoder;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Domain;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import java.util.Arrays;

/**
 * A validator's signed prevote or precommit for {@code blockHash} ({@link Hash32#ZERO} = nil) at a
 * height and consensus round. It carries the validator's verdict on each model update of the
 * block, in block order: {@code accepted} is a bitmap, {@code scores} the measured effect of each
 * update on its validation accuracy in units of 1e-4 (signed 16-bit). The chain reads the verdicts
 * of the precommits in the commit certificate to decide which updates enter the model.
 */
public record Vote(long height, int round, Step step, Hash32 blockHash, MemberId validator, byte[] accepted,
    short[] scores, byte[] signature) {

  public enum Step {
    PREVOTE(1), PRECOMMIT(2);

    final int code;

    Step(int code) {
      this.code = code;
    }

    static Step of(int code) {
      for (Step s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      throw SszIn.unknownVariant("vote step", code);
    }
  }

  public Vote {
    accepted = accepted.clone();
    scores = scores.clone();
    signature = signature.clone();
    if (accepted.length != (scores.length + 7) / 8) {
      throw new IllegalArgumentException("verdict bitmap of " + accepted.length + " bytes for " + scores.length
          + " updates");
    }
  }

  public boolean isNil() {
    return blockHash.isZero();
  }

  public int updates() {
    return scores.length;
  }

  public boolean accepts(int update) {
    return (accepted[update >>> 3] & (1 << (update & 7))) != 0;
  }

  @Override
  public byte[] accepted() {
    return accepted.clone();
  }

  @Override
  public short[] scores() {
    return scores.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Builds and signs a vote; {@code verdicts[i]} and {@code scores[i]} refer to the block's i-th update. */
  public static Vote sign(ChainKey key, String chainId, long height, int round, Step step, Hash32 blockHash,
      boolean[] verdicts, short[] scores) {
    if (verdicts.length != scores.length) {
      throw new IllegalArgumentException(verdicts.length + " verdicts for " + scores.length + " scores");
    }
    byte[] bitmap = new byte[(verdicts.length + 7) / 8];
    for (int i = 0; i < verdicts.length; i++) {
      if (verdicts[i]) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    Vote unsigned = new Vote(height, round, step, blockHash, key.id(), bitmap, scores, new byte[0]);
    byte[] sig = key.sign(Domain.VOTE, chainId, unsigned.signingPayload());
    return new Vote(height, round, step, blockHash, key.id(), bitmap, scores, sig);
  }

  /** The encoding without the signature field: what the signature covers. */
  public byte[] signingPayload() {
    return UNSIGNED.encode(this);
  }

  public boolean verify(String chainId) {
    return ChainKey.verify(validator, Domain.VOTE, chainId, signingPayload(), signature);
  }

  /** True when both votes are by the same validator for the same height, round and step, yet differ. */
  public boolean conflictsWith(Vote o) {
    return validator.equals(o.validator) && height == o.height && round == o.round && step == o.step
        && !Arrays.equals(signingPayload(), o.signingPayload());
  }

  public Hash32 hash() {
    return Hash32.sha256(CODEC.encode(this));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vote v && Arrays.equals(CODEC.encode(this), CODEC.encode(v));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(CODEC.encode(this));
  }

  @Override
  public String toString() {
    return step + "(" + height + "/" + round + ", " + (isNil() ? "nil" : blockHash.shortHex()) + ", " + validator + ")";
  }

  private static void writeUnsigned(SszOut out, Vote v) {
    out.uint64(v.height);
    out.uint32(v.round);
    out.uint8(v.step.code);
    out.hash(v.blockHash);
    out.member(v.validator);
    out.bytes(v.accepted);
    byte[] s = new byte[v.scores.length * 2];
    for (int i = 0; i < v.scores.length; i++) {
      s[2 * i] = (byte) v.scores[i];
      s[2 * i + 1] = (byte) (v.scores[i] >> 8);
    }
    out.bytes(s);
  }

  private static final SszEncoder<Vote> UNSIGNED = Vote::writeUnsigned;

  public static final SszCodec<Vote> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Vote v) {
      writeUnsigned(out, v);
      out.bytes(v.signature);
    }

    @Override
    public Vote read(SszIn in) {
      long height = in.uint64();
      long round = in.uint32();
      if (round > Integer.MAX_VALUE) {
        throw new DecodingException("round " + round + " too large");
      }
      Step step = Step.of(in.uint8());
      Hash32 block = in.hash();
      MemberId validator = in.member();
      byte[] bitmap = in.bytes(Limits.MAX_UPDATES_PER_BLOCK / 8);
      byte[] s = in.bytes(Limits.MAX_UPDATES_PER_BLOCK * 2);
      if (s.length % 2 != 0 || bitmap.length != (s.length / 2 + 7) / 8) {
        throw new DecodingException("verdict bitmap of " + bitmap.length + " bytes does not match " + s.length / 2
            + " scores");
      }
      short[] scores = new short[s.length / 2];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = (short) ((s[2 * i] & 0xff) | (s[2 * i + 1] << 8));
      }
      int n = scores.length;
      if (n % 8 != 0 && bitmap.length > 0 && (bitmap[bitmap.length - 1] & (0xff << (n % 8))) != 0) {
        throw new DecodingException("verdict bitmap has bits set past the last update");
      }
      byte[] sig = in.bytes(Limits.SIGNATURE);
      if (sig.length != Limits.SIGNATURE) {
        throw new DecodingException("signature of " + sig.length + " bytes, expected 64");
      }
      return new Vote(height, (int) round, step, block, validator, bitmap, scores, sig);
    }
  };
}
