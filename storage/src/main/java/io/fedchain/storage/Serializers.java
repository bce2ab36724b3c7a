package io.fedchain.storage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The serializers every schema needs. Each rejects bytes its {@code toBytes} would not write. */
public final class Serializers {
  private Serializers() {}

  /**
   * Bytes as they are: the chain module's own encodings (blocks, deltas, states) pass through.
   * Writing copies, so a caller that reuses its array before commit cannot change what is written.
   */
  public static final Serializer<byte[]> BYTES = Serializer.of("bytes", byte[]::clone, b -> b);

  /**
   * Strict UTF-8: a string with an unpaired surrogate cannot be written and malformed bytes
   * cannot be read, where the JDK's lenient conversions would substitute '?' or U+FFFD and change
   * the value silently.
   */
  public static final Serializer<String> UTF8 = Serializer.of("utf8", Serializers::encodeUtf8,
      Serializers::decodeUtf8);

  /**
   * 8 bytes, big-endian, so that byte order is numeric order for values >= 0: heights, versions
   * and sequence numbers iterate in order. Negative values round-trip but sort after the
   * positive ones.
   */
  public static final Serializer<Long> LONG = Serializer.of("long", Serializers::encodeLong,
      Serializers::decodeLong);

  /** Exactly 32 bytes. */
  public static final Serializer<Hash32> HASH32 = Serializer.of("hash32", Hash32::toArray, Serializers::decodeHash);

  private static byte[] encodeUtf8(String s) {
    try {
      ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("utf8: the string holds an unpaired surrogate and has no UTF-8 encoding", e);
    }
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SerializationException("utf8: " + bytes.length + " bytes are not valid UTF-8 (" + e + ")");
    }
  }

  private static byte[] encodeLong(Long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  private static Long decodeLong(byte[] bytes) {
    requireLength("long", bytes, Long.BYTES);
    return ByteBuffer.wrap(bytes).getLong();
  }

  private static Hash32 decodeHash(byte[] bytes) {
    requireLength("hash32", bytes, Hash32.SIZE);
    return Hash32.of(bytes);
  }

  /** Throws unless {@code bytes} is exactly {@code length} long; {@code what} names the type. */
  public static void requireLength(String what, byte[] bytes, int length) {
    if (bytes.length != length) {
      throw new SerializationException(what + ": expected " + length + " bytes, got " + bytes.length);
    }
  }
}
