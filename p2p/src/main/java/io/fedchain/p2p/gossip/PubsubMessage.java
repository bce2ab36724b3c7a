package io.fedchain.p2p.gossip;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The wire {@code Message} of the pubsub spec: {@code from=1, data=2, seqno=3, topic=4,
 * signature=5, key=6}, every field optional. Absent and empty differ on the wire (the signature
 * covers the fields present, and StrictNoSign requires fields to be absent), so absence is kept.
 *
 * <p>The arrays are shared, not copied: a message may carry megabytes of data. Treat them as
 * read-only.
 */
public final class PubsubMessage {
  private final byte[] from;
  private final byte[] data;
  private final byte[] seqno;
  private final String topic;
  private final byte[] signature;
  private final byte[] key;

  private PubsubMessage(byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {
    this.from = from;
    this.data = data;
    this.seqno = seqno;
    this.topic = topic;
    this.signature = signature;
    this.key = key;
  }

  /** A message from its fields; {@code Optional.empty()} leaves a field off the wire. */
  public static PubsubMessage of(Optional<byte[]> from, Optional<byte[]> data, Optional<byte[]> seqno,
      Optional<String> topic, Optional<byte[]> signature, Optional<byte[]> key) {
    return new PubsubMessage(from.orElse(null), data.orElse(null), seqno.orElse(null), topic.orElse(null),
        signature.orElse(null), key.orElse(null));
  }

  /** An unsigned message with only data and topic, as StrictNoSign publishes. */
  public static PubsubMessage unsigned(String topic, byte[] data) {
    return new PubsubMessage(null, Objects.requireNonNull(data), null, Objects.requireNonNull(topic), null, null);
  }

  static PubsubMessage ofNullable(byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {
    return new PubsubMessage(from, data, seqno, topic, signature, key);
  }

  public Optional<byte[]> from() {
    return Optional.ofNullable(from);
  }

  public Optional<byte[]> data() {
    return Optional.ofNullable(data);
  }

  /** The data, empty when the field is absent (as every implementation reads it). */
  public byte[] dataOrEmpty() {
    return data == null ? new byte[0] : data;
  }

  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  public Optional<byte[]> seqno() {
    return Optional.ofNullable(seqno);
  }

  public Optional<String> topic() {
    return Optional.ofNullable(topic);
  }

  public Optional<byte[]> signature() {
    return Optional.ofNullable(signature);
  }

  public Optional<byte[]> key() {
    return Optional.ofNullable(key);
  }

  /** This message with its signature and key fields replaced. */
  public PubsubMessage withSignature(byte[] signature, Optional<byte[]> key) {
    return new PubsubMessage(from, data, seqno, topic, signature, key.orElse(null));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PubsubMessage m && Arrays.equals(m.from, from) && Arrays.equals(m.data, data)
        && Arrays.equals(m.seqno, seqno) && Objects.equals(m.topic, topic) && Arrays.equals(m.signature, signature)
        && Arrays.equals(m.key, key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(from), Arrays.hashCode(data), Arrays.hashCode(seqno), topic,
        Arrays.hashCode(signature), Arrays.hashCode(key));
  }

  @Override
  public String toString() {
    return "PubsubMessage(topic=" + topic + ", " + dataLength() + " bytes" + (signature != null ? ", signed" : "") + ")";
  }
}
