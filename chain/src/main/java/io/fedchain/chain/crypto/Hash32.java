package io.fedchain.chain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: block, transaction, delta, model and state hashes. */
public final class Hash32 implements Comparable<Hash32> {
  public static final int SIZE = 32;
  public static final Hash32 ZERO = new Hash32(new byte[SIZE]);

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Hash32 wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    return new Hash32(bytes.clone());
  }

  public static Hash32 fromHex(String hex) {
    String h = hex.startsWith("0x") ? hex.substring(2) : hex;
    try {
      return wrap(HexFormat.of().parseHex(h));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + hex + "' is not a 32-byte hash in hex: " + e.getMessage());
    }
  }

  /** SHA-256 (the JDK's) of the concatenation of {@code parts}. */
  public static Hash32 sha256(byte[]... parts) {
    MessageDigest md = newDigest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return new Hash32(md.digest());
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(h.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /** The first 8 hex digits, as logs show hashes. */
  public String shortHex() {
    return toHex().substring(0, 8);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
