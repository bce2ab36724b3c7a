package io.fedchain.p2p.noise;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair (RFC 7748, Bouncy Castle): a Noise static or ephemeral key. The private key
 * is the raw 32 bytes; clamping happens inside X25519, as the Noise 25519 DH functions require.
 */
public final class X25519KeyPair {
  public static final int KEY_LENGTH = X25519.POINT_SIZE;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new byte[KEY_LENGTH];
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
  }

  public static X25519KeyPair generate() {
    byte[] k = new byte[KEY_LENGTH];
    X25519.generatePrivateKey(RANDOM, k);
    return new X25519KeyPair(k);
  }

  public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an X25519 private key has 32 bytes, got " + privateKey.length);
    }
    return new X25519KeyPair(privateKey.clone());
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The shared secret with a remote public key. A result of all zeros means the remote key is a
   * low-order point that fixes the secret whatever our key is; no honest peer sends one, so it is
   * refused rather than mixed into the handshake.
   */
  byte[] dh(byte[] remotePublicKey) {
    byte[] shared = new byte[KEY_LENGTH];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
      throw new NoiseException("the remote X25519 key is a low-order point (shared secret all zeros)");
    }
    return shared;
  }

  @Override
  public String toString() {
    return "X25519KeyPair(public " + HexFormat.of().formatHex(publicKey) + ")";
  }
}
