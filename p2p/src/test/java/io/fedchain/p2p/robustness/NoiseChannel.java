package io.fedchain.p2p.robustness;

import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.noise.CipherState;
import io.fedchain.p2p.noise.NoiseFrames;
import io.fedchain.p2p.yamux.YamuxSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A {@link RawPeer} after the Noise handshake: what it writes is encrypted into Noise transport
 * frames, what it reads is decrypted. It can also write frames of its own making (garbage
 * ciphertext, bad lengths). Writing is thread-safe; reading belongs to one thread at a time.
 */
final class NoiseChannel implements AutoCloseable {
  private static final byte[] NO_AD = new byte[0];

  private final RawPeer peer;
  private final CipherState send;
  private final CipherState receive;
  private byte[] plain = new byte[0];
  private int plainPos;

  NoiseChannel(RawPeer peer, CipherState send, CipherState receive) {
    this.peer = peer;
    this.send = send;
    this.receive = receive;
  }

  RawPeer raw() {
    return peer;
  }

  /** Encrypts the parts (as one plaintext) and sends them in one write. */
  synchronized void write(byte[]... parts) {
    peer.send(encrypt(parts));
  }

  /** Like {@link #write}, but a connection the node already closed is not an error. */
  synchronized boolean tryWrite(byte[]... parts) {
    return peer.trySend(encrypt(parts));
  }

  /** The transport frames for the parts, under the next nonces; the caller must send them next. */
  synchronized byte[] encrypt(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return NoiseFrames.encryptFrames(send, all.toByteArray());
  }

  /** A transport frame with a body of the caller's making (length prefix added). */
  synchronized void writeRawFrame(byte[] body) {
    peer.send(NoiseFrames.frame(body));
  }

  /** The next {@code n} bytes of plaintext, decrypting frames as needed. */
  byte[] readPlain(int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    while (out.size() < n) {
      if (plainPos == plain.length) {
        plain = receive.decryptWithAd(NO_AD, peer.readNoiseFrame());
        plainPos = 0;
        continue;
      }
      int take = Math.min(n - out.size(), plain.length - plainPos);
      out.write(plain, plainPos, take);
      plainPos += take;
    }
    return out.toByteArray();
  }

  String readMultistreamMessage() throws IOException {
    int len = 0;
    for (int shift = 0; ; shift += 7) {
      int b = readPlain(1)[0] & 0xff;
      len |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] text = readPlain(len);
    return new String(text, 0, text.length - 1, StandardCharsets.UTF_8);
  }

  /** As the dialer: multistream-select for yamux inside the secure channel. */
  void selectYamux() throws IOException {
    write(Negotiation.encode(Negotiation.PROTOCOL_ID), Negotiation.encode(YamuxSession.PROTOCOL_ID));
    String header = readMultistreamMessage();
    String answer = readMultistreamMessage();
    if (!header.equals(Negotiation.PROTOCOL_ID) || !answer.equals(YamuxSession.PROTOCOL_ID)) {
      throw new AssertionError("the node answered the yamux proposal with '" + header + "', '" + answer + "'");
    }
  }

  /** Reads (and decrypts) until the node closes; see {@link RawPeer#drainUntilClosed}. */
  long drainUntilClosed(Duration deadline) {
    return peer.drainUntilClosed(deadline);
  }

  /**
   * Decrypts what the node sends until it closes the connection, and returns the plaintext; a
   * frame cut short by the close is dropped.
   *
   * @throws AssertionError if the connection is still open after {@code deadline}
   */
  byte[] readPlainUntilClosed(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, plainPos, plain.length - plainPos);
    plainPos = plain.length;
    try {
      while (true) {
        long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
        peer.socket().setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        out.writeBytes(receive.decryptWithAd(NO_AD, peer.readNoiseFrame()));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the node did not close the connection within " + deadline.toMillis() + " ms");
    } catch (IOException e) {
      return out.toByteArray(); // end of stream or reset
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  @Override
  public void close() {
    peer.close();
  }
}
