package io.fedchain.p2p.noise;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The receiving half of the transport: accumulates bytes from the connection and yields the
 * plaintext of each complete frame. A frame that fails authentication ends the stream with a
 * {@link NoiseException}; nothing after it can be trusted.
 */
public final class FrameDecryptor {
  private final CipherState receive;
  private final FrameReader reader;

  public FrameDecryptor(CipherState receive) {
    this(receive, new FrameReader());
  }

  /** Continues from {@code reader}, which may hold the start of a frame read with the handshake. */
  public FrameDecryptor(CipherState receive, FrameReader reader) {
    if (!receive.hasKey()) {
      throw new IllegalStateException("transport decryption needs a keyed CipherState from a completed handshake");
    }
    this.receive = receive;
    this.reader = reader;
  }

  /** The plaintext of the next complete frame in {@code in}, or empty if more bytes are needed. */
  public Optional<byte[]> read(ByteBuffer in) {
    return reader.read(in).map(m -> NoiseFrames.decryptMessage(receive, m));
  }

  /** Consumes all of {@code in} and returns the plaintexts of the frames it completed. */
  public List<byte[]> decrypt(ByteBuffer in) {
    List<byte[]> out = new ArrayList<>();
    for (Optional<byte[]> p = read(in); p.isPresent(); p = read(in)) {
      out.add(p.get());
    }
    return out;
  }

  public List<byte[]> decrypt(byte[] bytes) {
    return decrypt(ByteBuffer.wrap(bytes));
  }

  /** Bytes of an unfinished frame held. */
  public int buffered() {
    return reader.buffered();
  }
}
