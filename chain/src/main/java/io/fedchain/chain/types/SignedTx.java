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
 * A transaction: its body, the signing member, the member's account nonce (each nonce is used
 * once, in order: no replay) and an Ed25519 signature over the chain id, the domain and the rest.
 * Model updates are signed under the {@code fedchain/update} domain, everything else under
 * {@code fedchain/tx}.
 */
public record SignedTx(TxBody body, MemberId signer, long nonce, byte[] signature) {
  public SignedTx {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public static SignedTx sign(ChainKey key, String chainId, TxBody body, long nonce) {
    SignedTx unsigned = new SignedTx(body, key.id(), nonce, new byte[0]);
    return new SignedTx(body, key.id(), nonce, key.sign(domainOf(body), chainId, unsigned.signingPayload()));
  }

  static Domain domainOf(TxBody body) {
    return body instanceof TxBody.Update ? Domain.UPDATE : Domain.TX;
  }

  public byte[] signingPayload() {
    return UNSIGNED.encode(this);
  }

  public boolean verify(String chainId) {
    return ChainKey.verify(signer, domainOf(body), chainId, signingPayload(), signature);
  }

  public Hash32 hash() {
    return Hash32.sha256(CODEC.encode(this));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTx t && Arrays.equals(CODEC.encode(this), CODEC.encode(t));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(CODEC.encode(this));
  }

  @Override
  public String toString() {
    return body.getClass().getSimpleName() + " by " + signer + " #" + nonce;
  }

  private static void writeUnsigned(SszOut out, SignedTx t) {
    out.object(TxBody.CODEC, t.body);
    out.member(t.signer);
    out.uint64(t.nonce);
  }

  private static final SszEncoder<SignedTx> UNSIGNED = SignedTx::writeUnsigned;

  public static final SszCodec<SignedTx> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, SignedTx t) {
      writeUnsigned(out, t);
      out.bytes(t.signature);
    }

    @Override
    public SignedTx read(SszIn in) {
      TxBody body = in.object(TxBody.CODEC, Limits.MAX_TX_BYTES);
      MemberId signer = in.member();
      long nonce = in.uint64();
      byte[] sig = in.bytes(Limits.SIGNATURE);
      if (sig.length != Limits.SIGNATURE) {
        throw new DecodingException("signature of " + sig.length + " bytes, expected 64");
      }
      return new SignedTx(body, signer, nonce, sig);
    }
  };
}
