package io.fedchain.chain.codec;

import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.ssz.SSZReader;

/** Typed, limit-checked reads from Tuweni's {@link SSZReader}; see {@link Ssz} for the rules. */
public final class SszIn {
  private final SSZReader r;

  SszIn(SSZReader r) {
    this.r = r;
  }

  public int uint8() {
    return r.readUInt8();
  }

  public int uint16() {
    return r.readUInt16();
  }

  public long uint32() {
    return r.readUInt32();
  }

  public long uint64() {
    long v = r.readUInt64();
    if (v < 0) {
      throw new DecodingException("uint64 value above 2^63-1");
    }
    return v;
  }

  public long int64() {
    return r.readInt64();
  }

  public boolean bool() {
    int b = r.readUInt8();
    if (b > 1) {
      throw new DecodingException("boolean byte " + b + " is neither 0 nor 1");
    }
    return b == 1;
  }

  public byte[] bytes(int max) {
    return r.readByteArray(max);
  }

  public String string(int maxBytes) {
    byte[] b = r.readByteArray(maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodingException("string is not valid UTF-8");
    }
  }

  public Hash32 hash() {
    return Hash32.wrap(r.readFixedByteArray(32, 32));
  }

  public MemberId member() {
    return MemberId.ofPublicKey(r.readFixedByteArray(32, 32));
  }

  public <T> T object(SszCodec<T> codec, int maxSize) {
    byte[] b = r.readByteArray(maxSize);
    return Ssz.decode(codec, b, maxSize);
  }

  public <T> List<T> list(SszCodec<T> codec, int maxItems, int maxItemSize) {
    long n = r.readUInt32();
    if (n > maxItems) {
      throw new DecodingException("list of " + n + " items exceeds the limit of " + maxItems);
    }
    List<T> out = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      out.add(object(codec, maxItemSize));
    }
    return List.copyOf(out);
  }

  public <T> Optional<T> optional(SszCodec<T> codec, int maxSize) {
    return bool() ? Optional.of(object(codec, maxSize)) : Optional.empty();
  }

  /** Fails for a union selector this version does not know. */
  public static DecodingException unknownVariant(String type, int selector) {
    return new DecodingException("unknown " + type + " variant " + selector);
  }
}
