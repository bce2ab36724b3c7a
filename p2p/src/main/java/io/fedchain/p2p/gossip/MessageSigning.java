package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;
import io.fedchain.p2p.proto.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Authoring and checking messages under a {@link SignaturePolicy} (pubsub spec, "Message
 * Signing"). The signature covers {@code "libp2p-pubsub:" || Message{from, data, seqno, topic}}:
 * those four fields, each only if present, in field order; never signature or key.
 */
public final class MessageSigning {
  public static final int SEQNO_LENGTH = 8;
  private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

  private MessageSigning() {}

  /** A StrictSign message by {@code author}; {@code includeKey} adds the protobuf public key, as js does. */
  public static PubsubMessage sign(Identity author, String topic, byte[] data, long seqno, boolean includeKey) {
    PubsubMessage unsigned = PubsubMessage.ofNullable(author.peerId().toBytes(), data, seqnoBytes(seqno), topic, null,
        null);
    byte[] signature = author.sign(signingInput(unsigned));
    return unsigned.withSignature(signature,
        includeKey ? Optional.of(author.publicKey().toProtobuf()) : Optional.empty());
  }

  public static byte[] seqnoBytes(long seqno) {
    byte[] b = new byte[SEQNO_LENGTH];
    for (int i = 0; i < SEQNO_LENGTH; i++) {
      b[i] = (byte) (seqno >>> (56 - 8 * i));
    }
    return b;
  }

  /** The bytes a StrictSign signature covers. */
  public static byte[] signingInput(PubsubMessage m) {
    ProtoWriter w = new ProtoWriter(PREFIX.length + m.dataLength() + 128).rawBytes(PREFIX);
    m.from().ifPresent(v -> w.bytes(1, v));
    m.data().ifPresent(v -> w.bytes(2, v));
    m.seqno().ifPresent(v -> w.bytes(3, v));
    m.topic().ifPresent(v -> w.string(4, v));
    return w.toByteArray();
  }

  /**
   * Why {@code m} breaks {@code policy}, or empty when it conforms. Under StrictSign the key, when
   * present, must be the one {@code from} names; when absent, {@code from} must inline it.
   */
  public static Optional<String> check(PubsubMessage m, SignaturePolicy policy) {
    return switch (policy) {
      case STRICT_NO_SIGN -> {
        if (m.signature().isPresent()) {
          yield Optional.of("signature present under StrictNoSign");
        }
        if (m.seqno().isPresent()) {
          yield Optional.of("seqno present under StrictNoSign");
        }
        if (m.from().isPresent() || m.key().isPresent()) {
          yield Optional.of("author present under StrictNoSign");
        }
        yield Optional.empty();
      }
      case STRICT_SIGN -> checkSigned(m);
    };
  }

  private static Optional<String> checkSigned(PubsubMessage m) {
    if (m.seqno().isEmpty() || m.seqno().get().length != SEQNO_LENGTH) {
      return Optional.of("seqno must be " + SEQNO_LENGTH + " bytes, got "
          + m.seqno().map(s -> String.valueOf(s.length)).orElse("none"));
    }
    if (m.signature().isEmpty()) {
      return Optional.of("missing signature");
    }
    if (m.from().isEmpty()) {
      return Optional.of("missing from");
    }
    PeerId from;
    try {
      from = PeerId.fromBytes(m.from().get());
    } catch (IllegalArgumentException e) {
      return Optional.of("from is not a peer id: " + e.getMessage());
    }
    PublicKey key;
    if (m.key().isPresent()) {
      try {
        key = PublicKey.fromProtobuf(m.key().get());
      } catch (RuntimeException e) {
        return Optional.of("key is not a supported public key: " + e.getMessage());
      }
      if (!Arrays.equals(key.peerId().toBytes(), m.from().get())) {
        return Optional.of("key does not match from");
      }
    } else {
      Optional<PublicKey> inlined = from.publicKey();
      if (inlined.isEmpty()) {
        return Optional.of("no key and from does not inline one");
      }
      key = inlined.get();
    }
    if (!key.verify(signingInput(m), m.signature().get())) {
      return Optional.of("invalid signature");
    }
    return Optional.empty();
  }

  /** The author of a message that passed {@link #check} under StrictSign. */
  static Optional<PeerId> author(PubsubMessage m) {
    return m.from().map(PeerId::fromBytes);
  }

  static long seqnoValue(byte[] seqno) {
    long v = 0;
    for (byte b : seqno) {
      v = v << 8 | (b & 0xff);
    }
    return v;
  }
}
