package io.fedchain.chain.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A member's chain identity: its Ed25519 public key, named by its libp2p peer id (identity
 * multihash of the protobuf public key, base58btc: {@code 12D3KooW...}), so the same key and the
 * same name serve on the network and on the chain. The chain module derives the peer id itself: it
 * does not depend on p2p.
 */
public final class MemberId implements Comparable<MemberId> {
  public static final int KEY_SIZE = 32;
  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private final byte[] publicKey;
  private final String peerId;

  private MemberId(byte[] publicKey) {
    this.publicKey = publicKey;
    this.peerId = base58(multihash(publicKey));
  }

  public static MemberId ofPublicKey(byte[] ed25519PublicKey) {
    if (ed25519PublicKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + ed25519PublicKey.length);
    }
    return new MemberId(ed25519PublicKey.clone());
  }

  /** Parses a peer id text ({@code 12D3KooW...}) that embeds an Ed25519 key. */
  public static MemberId fromPeerId(String text) {
    byte[] mh = decode58(text);
    if (mh.length != 38 || mh[0] != 0x00 || mh[1] != 36 || mh[2] != 0x08 || mh[3] != 0x01 || mh[4] != 0x12
        || mh[5] != 0x20) {
      throw new IllegalArgumentException("'" + text + "' is not the peer id of an Ed25519 key (12D3KooW...)");
    }
    return new MemberId(Arrays.copyOfRange(mh, 6, 38));
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public String peerId() {
    return peerId;
  }

  /** {@code 00 24 08 01 12 20 || key}: identity multihash of PublicKey{Type=Ed25519, Data=key}. */
  private static byte[] multihash(byte[] key) {
    byte[] mh = new byte[38];
    mh[0] = 0x00;
    mh[1] = 36;
    mh[2] = 0x08;
    mh[3] = 0x01;
    mh[4] = 0x12;
    mh[5] = 0x20;
    System.arraycopy(key, 0, mh, 6, 32);
    return mh;
  }

  private static String base58(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger v = new BigInteger(1, input);
    BigInteger base = BigInteger.valueOf(58);
    while (v.signum() > 0) {
      BigInteger[] qr = v.divideAndRemainder(base);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      v = qr[0];
    }
    sb.append("1".repeat(zeros));
    return sb.reverse().toString();
  }

  private static byte[] decode58(String text) {
    BigInteger v = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      int d = ALPHABET.indexOf(text.charAt(i));
      if (d < 0) {
        throw new IllegalArgumentException("'" + text + "' is not base58: '" + text.charAt(i) + "' at " + i);
      }
      v = v.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(d));
    }
    byte[] mag = v.signum() == 0 ? new byte[0] : v.toByteArray();
    int strip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + mag.length - strip];
    System.arraycopy(mag, strip, out, zeros, mag.length - strip);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberId m && Arrays.equals(m.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** Orders by public key bytes: the canonical order of members in state and rotations. */
  @Override
  public int compareTo(MemberId o) {
    return Arrays.compareUnsigned(publicKey, o.publicKey);
  }

  @Override
  public String toString() {
    return peerId;
  }
}
