package io.fedchain.chain.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** A member's Ed25519 signing key (Bouncy Castle), from its 32-byte seed. */
public final class ChainKey {
  private final byte[] seed;
  private final MemberId id;

  private ChainKey(byte[] seed) {
    this.seed = seed;
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.id = MemberId.ofPublicKey(pub);
  }

  public static ChainKey fromSeed(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length);
    }
    return new ChainKey(seed.clone());
  }

  public static ChainKey random() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return new ChainKey(s);
  }

  public MemberId id() {
    return id;
  }

  public byte[] seed() {
    return seed.clone();
  }

  public byte[] sign(Domain domain, String chainId, byte[] payload) {
    byte[] msg = domain.signingInput(chainId, payload);
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, msg, 0, msg.length, sig, 0);
    return sig;
  }

  public static boolean verify(MemberId signer, Domain domain, String chainId, byte[] payload, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    byte[] msg = domain.signingInput(chainId, payload);
    return Ed25519.verify(signature, 0, signer.publicKey(), 0, msg, 0, msg.length);
  }
}
