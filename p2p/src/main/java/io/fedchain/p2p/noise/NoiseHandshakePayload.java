package io.fedchain.p2p.noise;

import io.fedchain.p2p.identity.PublicKey;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.Arrays;

/**
 * The payload libp2p carries in Noise messages 2 and 3 (noise spec, "The libp2p Handshake
 * Payload"): {@code bytes identity_key = 1} (a protobuf {@code PublicKey}), {@code bytes
 * identity_sig = 2}, {@code NoiseExtensions extensions = 4}. Decoding refuses identity keys other
 * than Ed25519.
 */
public record NoiseHandshakePayload(PublicKey identityKey, byte[] identitySig, NoiseExtensions extensions) {
  private static final int MAX_KEY_BYTES = 1024;
  private static final int MAX_SIGNATURE_BYTES = 1024;

  public NoiseHandshakePayload {
    identitySig = identitySig.clone();
  }

  @Override
  public byte[] identitySig() {
    return identitySig.clone();
  }

  public byte[] encode() {
    ProtoWriter w = new ProtoWriter(128).bytes(1, identityKey.toProtobuf()).bytes(2, identitySig);
    if (!extensions.isEmpty()) {
      w.message(4, extensions.toProto());
    }
    return w.toByteArray();
  }

  /** Parses a payload; a malformed one or one without key or signature throws {@link ProtoException}. */
  public static NoiseHandshakePayload decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    byte[] key = null;
    byte[] sig = null;
    NoiseExtensions extensions = NoiseExtensions.NONE;
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (ProtoReader.fieldNumber(tag)) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          key = r.readBytes(MAX_KEY_BYTES);
        }
        case 2 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          sig = r.readBytes(MAX_SIGNATURE_BYTES);
        }
        case 4 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          extensions = NoiseExtensions.fromProto(r.readMessage(NoiseFrames.MAX_MESSAGE_LENGTH));
        }
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    if (key == null || sig == null) {
      throw new ProtoException("handshake payload without " + (key == null ? "identity_key" : "identity_sig"));
    }
    return new NoiseHandshakePayload(PublicKey.fromProtobuf(key), sig, extensions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoiseHandshakePayload p && p.identityKey.equals(identityKey)
        && Arrays.equals(p.identitySig, identitySig) && p.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return (identityKey.hashCode() * 31 + Arrays.hashCode(identitySig)) * 31 + extensions.hashCode();
  }

  @Override
  public String toString() {
    return "NoiseHandshakePayload(" + identityKey + ", " + extensions + ")";
  }
}
