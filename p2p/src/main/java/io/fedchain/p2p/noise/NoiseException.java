package io.fedchain.p2p.noise;

/**
 * The remote peer or its bytes broke the Noise handshake or the encrypted transport: bad MAC,
 * malformed or oversize message, invalid identity signature, unexpected peer id, timeout. The
 * connection cannot continue and must be closed.
 */
public final class NoiseException extends RuntimeException {
  public NoiseException(String message) {
    super(message);
  }

  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
