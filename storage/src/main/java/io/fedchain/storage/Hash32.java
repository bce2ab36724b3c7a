package io.fedchain.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * 32 bytes that name something by content: a block hash, a delta hash, a state root, a model hash.
 * Immutable (the bytes are copied in and out) and comparable as unsigned bytes, the order a store
 * keeps them in. The chain module has its own hash type and converts at this boundary.
 */
public final class Hash32 implements Comparable<Hash32> {
  public static final int SIZE = 32;
  /** The parent hash of the genesis block. */
  public static final Hash32 ZERO = new Hash32(new byte[SIZE]);

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}, which must be exactly 32 long. */
  public static Hash32 of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is " + SIZE + " bytes, got " + bytes.length);
    }
    return new Hash32(bytes.clone());
  }

  /** Parses 64 hex digits, with or without a {@code 0x} prefix. */
  public static Hash32 fromHex(String hex) {
    String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
    if (digits.length() != 2 * SIZE) {
      throw new IllegalArgumentException("a hash is " + 2 * SIZE + " hex digits, got " + digits.length()
          + " in '" + hex + "'");
    }
    return new Hash32(HexFormat.of().parseHex(digits));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(Hash32 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
