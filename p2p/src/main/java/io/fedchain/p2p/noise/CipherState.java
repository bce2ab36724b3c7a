package io.fedchain.p2p.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState for ChaChaPoly (Noise rev 34, sections 5.1 and 12.3): a 32-byte key and a
 * 64-bit message counter. The AEAD nonce is 4 zero bytes followed by the counter in little-endian
 * order; the counter value 2^64-1 is reserved, so a state that reaches it refuses to go on rather
 * than reuse a nonce. Without a key (early in a handshake) encryption is the identity.
 *
 * <p>ChaCha20-Poly1305 comes from the JDK ({@code Cipher "ChaCha20-Poly1305"}, RFC 8439): on Java 17
 * it measured faster than Bouncy Castle's engine (see {@code ChaChaThroughput} in the tests).
 *
 * <p>Not thread-safe: one instance serves one direction of one connection.
 */
public final class CipherState {
  public static final int KEY_LENGTH = 32;
  public static final int TAG_LENGTH = 16;
  private static final long RESERVED_NONCE = -1L; // 2^64-1 as an unsigned counter

  private final byte[] key;
  private final SecretKeySpec keySpec;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  private CipherState(byte[] key) {
    this.key = key;
    if (key == null) {
      this.keySpec = null;
      this.cipher = null;
    } else {
      this.keySpec = new SecretKeySpec(key, "ChaCha20");
      try {
        this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK offers no ChaCha20-Poly1305 cipher", e);
      }
    }
  }

  /** A state without a key, as a handshake starts. */
  static CipherState empty() {
    return new CipherState(null);
  }

  public static CipherState withKey(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a ChaChaPoly key has 32 bytes, got " + key.length);
    }
    return new CipherState(key.clone());
  }

  public boolean hasKey() {
    return key != null;
  }

  /** The next message's counter, an unsigned 64-bit value. */
  public long nonce() {
    return nonce;
  }

  /** Noise's SetNonce; only tests need it, to reach the end of the counter. */
  void setNonce(long value) {
    nonce = value;
  }

  /** The key, for comparing split keys with test vectors. */
  byte[] key() {
    if (key == null) {
      throw new IllegalStateException("this cipher state has no key");
    }
    return key.clone();
  }

  public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + (hasKey() ? TAG_LENGTH : 0)];
    encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Encrypts {@code in[off, off+len)} into {@code out} at {@code outOff} and returns the bytes
   * written: {@code len + 16} with a key, {@code len} without. {@code in} and {@code out} may be
   * the same array only if the ranges do not overlap.
   */
  public int encryptWithAd(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
    if (!hasKey()) {
      System.arraycopy(in, off, out, outOff, len);
      return len;
    }
    checkNonce();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, keySpec, nextIv());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      int written = cipher.doFinal(in, off, len, out, outOff);
      nonce++;
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
    byte[] out = new byte[hasKey() ? Math.max(0, ciphertext.length - TAG_LENGTH) : ciphertext.length];
    decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  /**
   * Decrypts and authenticates {@code in[off, off+len)} into {@code out}; returns the plaintext
   * length. A failed check throws {@link NoiseException} and leaves the counter where it was.
   */
  public int decryptWithAd(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
    if (!hasKey()) {
      System.arraycopy(in, off, out, outOff, len);
      return len;
    }
    if (len < TAG_LENGTH) {
      throw new NoiseException("ciphertext of " + len + " bytes is shorter than the 16-byte authentication tag");
    }
    checkNonce();
    try {
      cipher.init(Cipher.DECRYPT_MODE, keySpec, nextIv());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      int written = cipher.doFinal(in, off, len, out, outOff);
      nonce++;
      return written;
    } catch (AEADBadTagException e) {
      forgetLastNonce();
      throw new NoiseException("message " + Long.toUnsignedString(nonce)
          + " failed authentication: wrong key, or the bytes were altered, reordered or replayed");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /**
   * The JDK 17 cipher refuses to be initialised twice in a row with the same key and nonce, even
   * to decrypt, so after a failed check the same nonce could not be tried again as Noise allows.
   * Initialising with the reserved nonce, which never protects a message, clears that memory.
   */
  private void forgetLastNonce() {
    long n = nonce;
    nonce = RESERVED_NONCE;
    try {
      cipher.init(Cipher.DECRYPT_MODE, keySpec, nextIv());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 refused to reset", e);
    } finally {
      nonce = n;
    }
  }

  private void checkNonce() {
    if (nonce == RESERVED_NONCE) {
      throw new NoiseException("the 64-bit message counter is exhausted (2^64-1 messages); "
          + "the connection must be closed rather than reuse a nonce");
    }
  }

  private IvParameterSpec nextIv() {
    Arrays.fill(nonceBytes, 0, 4, (byte) 0);
    long n = nonce;
    for (int i = 4; i < 12; i++) {
      nonceBytes[i] = (byte) n;
      n >>>= 8;
    }
    return new IvParameterSpec(nonceBytes);
  }

  @Override
  public String toString() {
    return hasKey() ? "CipherState(nonce " + Long.toUnsignedString(nonce) + ")" : "CipherState(no key)";
  }
}
