package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A received message as the application sees it: passed the signature policy, not seen before,
 * about to be validated or delivered.
 */
public final class GossipMessage {
  private final String topic;
  private final byte[] data;
  private final MessageId id;
  private final Optional<PeerId> author;
  private final OptionalLong seqno;
  private final PeerId receivedFrom;

  GossipMessage(String topic, byte[] data, MessageId id, Optional<PeerId> author, OptionalLong seqno,
      PeerId receivedFrom) {
    this.topic = topic;
    this.data = data;
    this.id = id;
    this.author = author;
    this.seqno = seqno;
    this.receivedFrom = receivedFrom;
  }

  public String topic() {
    return topic;
  }

  /** A copy of the data. */
  public byte[] data() {
    return data.clone();
  }

  /** The data without a copy, read-only. */
  public ByteBuffer dataView() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  public int dataLength() {
    return data.length;
  }

  public MessageId id() {
    return id;
  }

  /** The signing author under StrictSign; empty under StrictNoSign. */
  public Optional<PeerId> author() {
    return author;
  }

  /** The author's sequence number under StrictSign (an unsigned 64-bit value). */
  public OptionalLong seqno() {
    return seqno;
  }

  /** The peer that forwarded it to us, not necessarily its author. */
  public PeerId receivedFrom() {
    return receivedFrom;
  }

  @Override
  public String toString() {
    return "GossipMessage(" + topic + ", id " + id + ", " + data.length + " bytes from " + receivedFrom + ")";
  }
}
