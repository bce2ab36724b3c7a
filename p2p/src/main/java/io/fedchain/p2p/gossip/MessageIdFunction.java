package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes a message's id. Ids travel only inside IHAVE/IWANT, so peers that disagree on the
 * function still deliver every message, but not cheaply: each fetches, by IWANT, messages it
 * already has, and, worse, the IWANT promise is tracked under the advertised id and kept under
 * the id computed on arrival, which never match. Both sides then charge each other a broken
 * promise (P7) for every IHAVE they act on, and js's defaults (weight -10, threshold 0) turn one
 * broken promise into a negative score, which prunes the peer from the mesh.
 *
 * <p>So every peer of a network must use the same function. The default under StrictSign is the
 * spec's {@link #FROM_AND_SEQNO} (also go-libp2p's); with js-libp2p peers configure
 * {@link #PUBLIC_KEY_AND_SEQNO}, js's default.
 *
 * <p>The function is called only on messages that passed the signature policy, so for
 * {@link #FROM_AND_SEQNO} and {@link #PUBLIC_KEY_AND_SEQNO} the fields exist.
 */
@FunctionalInterface
public interface MessageIdFunction {

  MessageId apply(PubsubMessage message);

  /** The pubsub spec's default under StrictSign: {@code from || seqno}. */
  MessageIdFunction FROM_AND_SEQNO = m -> MessageId.wrap(concat(m.from().orElseThrow(), m.seqno().orElseThrow()));

  /**
   * js-libp2p's {@code @libp2p/gossipsub} default under StrictSign: {@code protobuf(PublicKey) ||
   * seqno}. For an Ed25519 author this is {@code from} without its two multihash prefix bytes.
   */
  MessageIdFunction PUBLIC_KEY_AND_SEQNO = m -> {
    byte[] key = m.key().orElseGet(() -> PeerId.fromBytes(m.from().orElseThrow()).publicKey()
        .map(PublicKey::toProtobuf).orElseThrow(() -> new IllegalArgumentException("author key not inlined")));
    return MessageId.wrap(concat(key, m.seqno().orElseThrow()));
  };

  /** SHA-256 of the data: the usual choice under StrictNoSign, and js's default there. */
  MessageIdFunction SHA256_OF_DATA = m -> MessageId.wrap(sha256(m.dataOrEmpty()));

  /** The spec's default for a policy: {@code from || seqno} signed, SHA-256 of data unsigned. */
  static MessageIdFunction defaultFor(SignaturePolicy policy) {
    return policy == SignaturePolicy.STRICT_SIGN ? FROM_AND_SEQNO : SHA256_OF_DATA;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
