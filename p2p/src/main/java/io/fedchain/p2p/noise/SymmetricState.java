package io.fedchain.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise SymmetricState (rev 34, section 5.2) over SHA-256: the chaining key {@code ck}, the
 * handshake hash {@code h} and the current handshake CipherState. SHA-256 and HMAC-SHA256 are the
 * JDK's (hardware SHA extensions, several times faster than Bouncy Castle's).
 */
final class SymmetricState {
  static final int HASH_LENGTH = 32;

  private final MessageDigest sha256;
  private final Mac hmac;
  private byte[] ck;
  private byte[] h;
  private CipherState cipher = CipherState.empty();

  SymmetricState(String protocolName) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
      hmac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no SHA-256 or HmacSHA256", e);
    }
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    // A name of at most HASHLEN bytes is used as h directly, zero-padded; a longer one is hashed.
    h = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
    ck = h.clone();
  }

  void mixHash(byte[] data) {
    sha256.update(h);
    sha256.update(data);
    h = sha256.digest();
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = hkdf(ck, inputKeyMaterial);
    ck = out[0];
    cipher = CipherState.withKey(out[1]);
    Arrays.fill(out[1], (byte) 0);
  }

  boolean hasKey() {
    return cipher.hasKey();
  }

  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = cipher.encryptWithAd(h, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  byte[] decryptAndHash(byte[] ciphertext) {
    byte[] plaintext = cipher.decryptWithAd(h, ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  /** The two transport CipherStates: initiator-to-responder first, responder-to-initiator second. */
  CipherState[] split() {
    byte[][] out = hkdf(ck, new byte[0]);
    CipherState[] pair = {CipherState.withKey(out[0]), CipherState.withKey(out[1])};
    Arrays.fill(out[0], (byte) 0);
    Arrays.fill(out[1], (byte) 0);
    return pair;
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  byte[] chainingKey() {
    return ck.clone();
  }

  /** HKDF of Noise section 4.3 with two outputs; HASHLEN is 32, so no truncation is needed. */
  private byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
    byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
    byte[] out1 = hmac(tempKey, new byte[] {0x01});
    byte[] out2 = hmac(tempKey, concat(out1, (byte) 0x02));
    Arrays.fill(tempKey, (byte) 0);
    return new byte[][] {out1, out2};
  }

  private byte[] hmac(byte[] key, byte[] data) {
    try {
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a 32-byte key", e);
    }
    return hmac.doFinal(data);
  }

  private static byte[] concat(byte[] a, byte b) {
    byte[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
