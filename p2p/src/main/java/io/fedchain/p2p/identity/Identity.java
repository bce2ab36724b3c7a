package io.fedchain.p2p.identity;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's Ed25519 key pair (Bouncy Castle): its libp2p identity, and on fedchain also its chain
 * identity. Created from a 32-byte seed (RFC 8032 private key).
 */
public final class Identity {
  private final byte[] seed;
  private final PublicKey publicKey;
  private final PeerId peerId;

  private Identity(byte[] seed) {
    this.seed = seed;
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.publicKey = PublicKey.ofRaw(pub);
    this.peerId = PeerId.of(publicKey);
  }

  public static Identity fromSeed(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
    }
    return new Identity(seed.clone());
  }

  public static Identity random() {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    new SecureRandom().nextBytes(seed);
    return new Identity(seed);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public PeerId peerId() {
    return peerId;
  }

  public byte[] seed() {
    return seed.clone();
  }

  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  @Override
  public String toString() {
    return "Identity(" + peerId + ")";
  }
}
