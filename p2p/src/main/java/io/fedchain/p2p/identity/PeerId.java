package io.fedchain.p2p.identity;

import java.util.Arrays;

/**
 * A libp2p peer id: the multihash of the protobuf-encoded public key. Keys of at most 42 bytes use
 * the identity multihash ({@code 0x00, length, key}), so an Ed25519 peer id embeds its key and reads
 * {@code 12D3KooW...} in base58btc.
 */
public final class PeerId implements Comparable<PeerId> {
  private static final int IDENTITY = 0x00;
  private static final int SHA2_256 = 0x12;
  private static final int MAX_BYTES = 128;

  private final byte[] multihash;
  /** Computed on first use: base58 is a big-integer conversion, and most ids are never printed. */
  private String text;

  private PeerId(byte[] multihash) {
    this.multihash = multihash;
  }

  public static PeerId of(PublicKey key) {
    byte[] pb = key.toProtobuf();
    byte[] mh = new byte[2 + pb.length];
    mh[0] = IDENTITY;
    mh[1] = (byte) pb.length;
    System.arraycopy(pb, 0, mh, 2, pb.length);
    return new PeerId(mh);
  }

  /** A peer id from its binary multihash; identity and sha2-256 multihashes are accepted. */
  public static PeerId fromBytes(byte[] multihash) {
    if (multihash.length < 2 || multihash.length > MAX_BYTES) {
      throw new IllegalArgumentException("a peer id multihash has 2 to " + MAX_BYTES + " bytes, got " + multihash.length);
    }
    int code = multihash[0] & 0xff;
    int len = multihash[1] & 0xff;
    if ((code != IDENTITY && code != SHA2_256) || len >= 0x80 || len != multihash.length - 2
        || (code == SHA2_256 && len != 32)) {
      throw new IllegalArgumentException("not an identity or sha2-256 multihash: code " + code + ", length " + len
          + " of " + (multihash.length - 2) + " bytes");
    }
    return new PeerId(multihash.clone());
  }

  public static PeerId fromBase58(String text) {
    try {
      return fromBytes(Base58.decode(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad peer id '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The public key embedded in an identity multihash, when there is one. */
  public java.util.Optional<PublicKey> publicKey() {
    if ((multihash[0] & 0xff) != IDENTITY) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(PublicKey.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  public byte[] toBytes() {
    return multihash.clone();
  }

  public String toBase58() {
    if (text == null) {
      text = Base58.encode(multihash);
    }
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(p.multihash, multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(multihash, o.multihash);
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
