package io.fedchain.p2p.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The id the router gives a message, used by the seen cache, the message cache and IHAVE/IWANT.
 * Ids are local: two implementations may compute different ids for the same message (see
 * {@link MessageIdFunction}).
 */
public final class MessageId implements Comparable<MessageId> {
  private final byte[] bytes;
  private final int hash;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static MessageId of(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** Takes ownership of {@code bytes}: the caller must not modify them afterwards. */
  static MessageId wrap(byte[] bytes) {
    return new MessageId(bytes);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The id's bytes without a copy, for the encoder. */
  byte[] bytesUnsafe() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && m.hash == hash && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(MessageId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
