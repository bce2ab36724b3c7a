package io.fedchain.p2p.robustness;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.noise.NoiseExtensions;
import io.fedchain.p2p.noise.NoiseFrames;
import io.fedchain.p2p.noise.NoiseHandshake;
import io.fedchain.p2p.noise.NoiseHandshakePayload;
import io.fedchain.p2p.noise.NoiseXX;
import io.fedchain.p2p.noise.SecureSession;
import io.fedchain.p2p.noise.X25519KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A peer on a plain {@link Socket} that speaks libp2p by hand: the test decides every byte, so it
 * can follow the protocol up to any point and then deviate. Blocking I/O; every read has a
 * deadline so a test never hangs. Before Noise the bytes are raw; {@link #secure} hands the
 * connection to a {@link NoiseChannel}.
 */
final class RawPeer implements AutoCloseable {
  static final Duration READ_DEADLINE = Duration.ofSeconds(10);
  static final String NOISE = "/noise";
  private static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) READ_DEADLINE.toMillis());
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawPeer dial(Multiaddr addr) {
    try {
      return new RawPeer(new Socket(addr.host(), addr.port()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + addr, e);
    }
  }

  /** The next connection to {@code server}, e.g. from the node under test dialing us. */
  static RawPeer accept(ServerSocket server) {
    try {
      server.setSoTimeout((int) READ_DEADLINE.toMillis());
      return new RawPeer(server.accept());
    } catch (IOException e) {
      throw new UncheckedIOException("nobody connected to " + server.getLocalSocketAddress(), e);
    }
  }

  // ---- raw bytes

  /** Writes the parts as one write (so a pipelined sequence tends to arrive in one read). */
  void send(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    try {
      synchronized (out) {
        out.write(all.toByteArray());
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the node closed the connection while we were writing", e);
    }
  }

  /** Like {@link #send}, but a connection the node already closed is not an error. */
  boolean trySend(byte[]... parts) {
    try {
      send(parts);
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  byte[] readExactly(int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /**
   * Reads and discards until the node closes the connection (end of stream or reset), and returns
   * how many bytes arrived first.
   *
   * @throws AssertionError if the connection is still open after {@code deadline}
   */
  long drainUntilClosed(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    long total = 0;
    byte[] buf = new byte[8192];
    try {
      while (true) {
        long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        int n = in.read(buf);
        if (n < 0) {
          return total;
        }
        total += n;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the node did not close the connection within " + deadline.toMillis() + " ms");
    } catch (SocketException e) {
      return total; // reset by the node
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- multistream-select on the raw connection

  /** One multistream-select message (varint length, text, newline), without its newline. */
  String readMultistreamMessage() throws IOException {
    int len = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.readUnsignedByte();
      len |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] text = readExactly(len);
    return new String(text, 0, text.length - 1, StandardCharsets.UTF_8);
  }

  /** As the dialer: proposes {@code /noise} and checks that the node takes it. */
  void selectNoise() throws IOException {
    send(Negotiation.encode(Negotiation.PROTOCOL_ID), Negotiation.encode(NOISE));
    expect(Negotiation.PROTOCOL_ID, readMultistreamMessage());
    expect(NOISE, readMultistreamMessage());
  }

  /** As the listener (the node dialed us): reads the node's proposal of {@code /noise} and takes it. */
  void acceptNoise() throws IOException {
    expect(Negotiation.PROTOCOL_ID, readMultistreamMessage());
    expect(NOISE, readMultistreamMessage());
    send(Negotiation.encode(Negotiation.PROTOCOL_ID), Negotiation.encode(NOISE));
  }

  private static void expect(String want, String got) {
    if (!want.equals(got)) {
      throw new AssertionError("expected multistream message '" + want + "', got '" + got + "'");
    }
  }

  // ---- Noise

  void sendNoiseFrame(byte[] message) {
    send(NoiseFrames.frame(message));
  }

  byte[] readNoiseFrame() throws IOException {
    return readExactly(in.readUnsignedShort());
  }

  /** The honest Noise XX handshake as the initiator, as {@code identity}. */
  NoiseChannel handshakeAsInitiator(Identity identity) throws IOException {
    NoiseHandshake hs = NoiseHandshake.initiator(identity, Optional.empty());
    sendNoiseFrame(hs.writeMessage());
    hs.readMessage(readNoiseFrame());
    sendNoiseFrame(hs.writeMessage());
    return secure(hs.session());
  }

  /** The honest Noise XX handshake as the responder, as {@code identity}. */
  NoiseChannel handshakeAsResponder(Identity identity) throws IOException {
    NoiseHandshake hs = NoiseHandshake.responder(identity);
    hs.readMessage(readNoiseFrame());
    sendNoiseFrame(hs.writeMessage());
    hs.readMessage(readNoiseFrame());
    return secure(hs.session());
  }

  /** Dial, select Noise and authenticate as {@code identity}: a peer the node accepts as genuine. */
  static NoiseChannel connectSecure(Multiaddr addr, Identity identity) throws IOException {
    RawPeer p = dial(addr);
    try {
      p.selectNoise();
      return p.handshakeAsInitiator(identity);
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  NoiseChannel secure(SecureSession session) {
    return new NoiseChannel(this, session.sendCipher(), session.receiveCipher());
  }

  /**
   * A libp2p handshake payload that claims {@code claimed} but whose signature over the Noise
   * static key {@code staticKey} was made by {@code signer}: valid only when the two are the same.
   */
  static byte[] handshakePayload(Identity claimed, Identity signer, X25519KeyPair staticKey) {
    byte[] pub = staticKey.publicKey();
    byte[] signed = new byte[SIGNATURE_PREFIX.length + pub.length];
    System.arraycopy(SIGNATURE_PREFIX, 0, signed, 0, SIGNATURE_PREFIX.length);
    System.arraycopy(pub, 0, signed, SIGNATURE_PREFIX.length, pub.length);
    return new NoiseHandshakePayload(claimed.publicKey(), signer.sign(signed), NoiseExtensions.NONE).encode();
  }

  /** Noise messages 1 to 3 as the initiator with a payload of the caller's making in message 3. */
  static NoiseXX initiatorWithPayload(RawPeer p, X25519KeyPair staticKey, byte[] message3Payload) throws IOException {
    NoiseXX xx = NoiseXX.initiator(staticKey);
    p.sendNoiseFrame(xx.writeMessage(new byte[0]));
    xx.readMessage(p.readNoiseFrame());
    p.sendNoiseFrame(xx.writeMessage(message3Payload));
    return xx;
  }

  Socket socket() {
    return socket;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
