package io.fedchain.p2p.noise;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Cuts a byte stream into length-prefixed Noise messages. It consumes input only up to the end
 * of the current message and holds at most one partial message, so a read that ends mid-frame
 * simply waits for more bytes, and a read holding several frames yields them one call at a time.
 */
public final class FrameReader {
  private final int maxMessageLength;
  private final byte[] header = new byte[NoiseFrames.LENGTH_PREFIX];
  private int headerFilled;
  private byte[] message;
  private int messageFilled;

  public FrameReader() {
    this(NoiseFrames.MAX_MESSAGE_LENGTH);
  }

  /** A reader refusing messages longer than {@code maxMessageLength} (at most 65535). */
  public FrameReader(int maxMessageLength) {
    if (maxMessageLength < 0 || maxMessageLength > NoiseFrames.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("message limit " + maxMessageLength + " outside 0..65535");
    }
    this.maxMessageLength = maxMessageLength;
  }

  /**
   * The next complete message, consuming from {@code in} only what it needs; empty when
   * {@code in} ran out first (the partial message is kept for the next call).
   */
  public Optional<byte[]> read(ByteBuffer in) {
    if (message == null) {
      while (headerFilled < header.length && in.hasRemaining()) {
        header[headerFilled++] = in.get();
      }
      if (headerFilled < header.length) {
        return Optional.empty();
      }
      int length = (header[0] & 0xff) << 8 | (header[1] & 0xff);
      if (length > maxMessageLength) {
        throw new NoiseException("frame announces " + length + " bytes, more than the limit of " + maxMessageLength);
      }
      message = new byte[length];
      messageFilled = 0;
    }
    int n = Math.min(in.remaining(), message.length - messageFilled);
    in.get(message, messageFilled, n);
    messageFilled += n;
    if (messageFilled < message.length) {
      return Optional.empty();
    }
    byte[] done = message;
    message = null;
    messageFilled = 0;
    headerFilled = 0;
    return Optional.of(done);
  }

  /** Bytes of an unfinished message held, including its length prefix. */
  public int buffered() {
    return headerFilled + messageFilled;
  }
}
