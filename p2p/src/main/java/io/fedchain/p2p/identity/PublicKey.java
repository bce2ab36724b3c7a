package io.fedchain.p2p.identity;

import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key and its libp2p protobuf form {@code PublicKey{Type=Ed25519(1), Data=32 bytes}}
 * (peer-ids spec). Other key types (RSA, secp256k1, ECDSA) are refused: every fedchain member is an
 * Ed25519 key, the same key as its chain identity.
 */
public final class PublicKey {
  public static final int ED25519_TYPE = 1;
  public static final int SIZE = 32;

  private final byte[] raw;

  private PublicKey(byte[] raw) {
    this.raw = raw;
  }

  public static PublicKey ofRaw(byte[] raw) {
    if (raw.length != SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + raw.length);
    }
    return new PublicKey(raw.clone());
  }

  /** Parses the protobuf form; the fields must appear as the spec's deterministic encoding has them. */
  public static PublicKey fromProtobuf(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    Integer type = null;
    byte[] data = null;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (ProtoReader.fieldNumber(tag)) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.VARINT);
          type = r.readInt32();
        }
        case 2 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          data = r.readBytes(1024);
        }
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    if (type == null || data == null) {
      throw new ProtoException("public key without " + (type == null ? "type" : "data"));
    }
    if (type != ED25519_TYPE) {
      throw new ProtoException("unsupported public key type " + type + " (only Ed25519 = 1)");
    }
    if (data.length != SIZE) {
      throw new ProtoException("Ed25519 public key of " + data.length + " bytes, expected 32");
    }
    return new PublicKey(data);
  }

  public byte[] raw() {
    return raw.clone();
  }

  public byte[] toProtobuf() {
    return new ProtoWriter(36).varint(1, ED25519_TYPE).bytes(2, raw).toByteArray();
  }

  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, raw, 0, message, 0, message.length);
  }

  public PeerId peerId() {
    return PeerId.of(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && Arrays.equals(k.raw, raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "ed25519:" + HexFormat.of().formatHex(raw);
  }
}
