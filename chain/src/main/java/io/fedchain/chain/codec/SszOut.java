package io.fedchain.chain.codec;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.ssz.SSZWriter;

/** Typed writes onto Tuweni's {@link SSZWriter}. */
public final class SszOut {
  private final SSZWriter w;

  SszOut(SSZWriter w) {
    this.w = w;
  }

  public void uint8(int v) {
    w.writeUInt8(v);
  }

  public void uint16(int v) {
    w.writeUInt16(v);
  }

  public void uint32(long v) {
    w.writeUInt32(v);
  }

  /** A non-negative long as uint64. */
  public void uint64(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("uint64 fields hold non-negative values, got " + v);
    }
    w.writeUInt64(v);
  }

  public void int64(long v) {
    w.writeInt64(v);
  }

  public void bool(boolean v) {
    w.writeBoolean(v);
  }

  public void bytes(byte[] v) {
    w.writeBytes(v);
  }

  public void string(String v) {
    w.writeString(v);
  }

  public void hash(Hash32 h) {
    w.writeFixedBytes(Bytes.wrap(h.toBytes()));
  }

  public void member(MemberId m) {
    w.writeFixedBytes(Bytes.wrap(m.publicKey()));
  }

  /** A nested object as a length-prefixed field. */
  public <T> void object(SszEncoder<T> codec, T v) {
    w.writeBytes(Ssz.encode(codec, v));
  }

  public <T> void list(SszEncoder<T> codec, List<T> items) {
    w.writeUInt32(items.size());
    for (T item : items) {
      object(codec, item);
    }
  }

  public <T> void optional(SszEncoder<T> codec, Optional<T> v) {
    w.writeBoolean(v.isPresent());
    v.ifPresent(x -> object(codec, x));
  }
}
