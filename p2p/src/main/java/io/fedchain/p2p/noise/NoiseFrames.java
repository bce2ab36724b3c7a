package io.fedchain.p2p.noise;

import java.nio.ByteBuffer;

/**
 * The libp2p Noise wire format: every message, handshake or transport, is a 2-byte big-endian
 * length followed by at most 65535 bytes. A transport message is a ChaChaPoly ciphertext with its
 * 16-byte tag, so one frame carries at most 65519 bytes of plaintext; longer plaintexts become
 * several frames, each under the next nonce.
 */
public final class NoiseFrames {
  public static final int LENGTH_PREFIX = 2;
  public static final int MAX_MESSAGE_LENGTH = 65535;
  public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;
  private static final byte[] NO_AD = new byte[0];

  private NoiseFrames() {}

  /** A handshake message with its length prefix. */
  public static byte[] frame(byte[] message) {
    if (message.length > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("a Noise message has at most 65535 bytes, got " + message.length);
    }
    byte[] out = new byte[LENGTH_PREFIX + message.length];
    writeLength(out, 0, message.length);
    System.arraycopy(message, 0, out, LENGTH_PREFIX, message.length);
    return out;
  }

  /**
   * Bytes on the wire for {@code plaintextLength} bytes of transport data. An empty plaintext
   * takes no frame: the transport is a byte stream, and an empty write carries nothing.
   */
  public static int encryptedLength(int plaintextLength) {
    if (plaintextLength < 0) {
      throw new IllegalArgumentException("negative length " + plaintextLength);
    }
    long frames = (plaintextLength + (long) MAX_PLAINTEXT_LENGTH - 1) / MAX_PLAINTEXT_LENGTH;
    long total = plaintextLength + frames * (LENGTH_PREFIX + CipherState.TAG_LENGTH);
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(plaintextLength + " bytes of plaintext do not fit one encrypted array");
    }
    return (int) total;
  }

  public static byte[] encryptFrames(CipherState send, byte[] plaintext) {
    return encryptFrames(send, plaintext, 0, plaintext.length);
  }

  /** Encrypts {@code plaintext[off, off+len)} as consecutive frames, each under the next nonce. */
  public static byte[] encryptFrames(CipherState send, byte[] plaintext, int off, int len) {
    if (off < 0 || len < 0 || off > plaintext.length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside " + plaintext.length + " bytes");
    }
    requireKey(send);
    byte[] out = new byte[encryptedLength(len)];
    int pos = 0;
    int end = off + len;
    while (off < end) {
      int chunk = Math.min(MAX_PLAINTEXT_LENGTH, end - off);
      writeLength(out, pos, chunk + CipherState.TAG_LENGTH);
      pos += LENGTH_PREFIX;
      pos += send.encryptWithAd(NO_AD, plaintext, off, chunk, out, pos);
      off += chunk;
    }
    return out;
  }

  /**
   * Encrypts the remaining bytes of {@code plaintext} (consuming them) into a new heap buffer
   * holding the frames, ready to read.
   */
  public static ByteBuffer encryptFrames(CipherState send, ByteBuffer plaintext) {
    if (plaintext.hasArray()) {
      int len = plaintext.remaining();
      byte[] out = encryptFrames(send, plaintext.array(), plaintext.arrayOffset() + plaintext.position(), len);
      plaintext.position(plaintext.limit());
      return ByteBuffer.wrap(out);
    }
    requireKey(send);
    byte[] out = new byte[encryptedLength(plaintext.remaining())];
    byte[] chunk = new byte[Math.min(MAX_PLAINTEXT_LENGTH, plaintext.remaining())];
    int pos = 0;
    while (plaintext.hasRemaining()) {
      int n = Math.min(chunk.length, plaintext.remaining());
      plaintext.get(chunk, 0, n);
      writeLength(out, pos, n + CipherState.TAG_LENGTH);
      pos += LENGTH_PREFIX;
      pos += send.encryptWithAd(NO_AD, chunk, 0, n, out, pos);
    }
    return ByteBuffer.wrap(out);
  }

  /** Decrypts one transport message (a frame without its length prefix). */
  static byte[] decryptMessage(CipherState receive, byte[] message) {
    if (message.length < CipherState.TAG_LENGTH) {
      throw new NoiseException("transport frame of " + message.length
          + " bytes is shorter than the 16-byte authentication tag");
    }
    return receive.decryptWithAd(NO_AD, message);
  }

  private static void requireKey(CipherState send) {
    if (!send.hasKey()) {
      throw new IllegalStateException("transport encryption needs a keyed CipherState from a completed handshake");
    }
  }

  private static void writeLength(byte[] out, int pos, int length) {
    out[pos] = (byte) (length >>> 8);
    out[pos + 1] = (byte) length;
  }
}
