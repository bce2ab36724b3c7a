package io.fedchain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SerializersTest {
  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripBytes(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 200; i++) {
      byte[] b = r.bytes(1000);
      assertArrayEquals(b, Serializers.BYTES.fromBytes(Serializers.BYTES.toBytes(b)));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripUtf8(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 200; i++) {
      String s = r.string(50);
      byte[] encoded = Serializers.UTF8.toBytes(s);
      assertArrayEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), encoded);
      assertEquals(s, Serializers.UTF8.fromBytes(encoded));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripLongs(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 500; i++) {
      long v = r.anyLong();
      byte[] encoded = Serializers.LONG.toBytes(v);
      assertEquals(8, encoded.length);
      assertEquals(v, Serializers.LONG.fromBytes(encoded));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRoundTripHashes(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 200; i++) {
      Hash32 h = r.hash();
      assertEquals(h, Serializers.HASH32.fromBytes(Serializers.HASH32.toBytes(h)));
      assertEquals(h, Hash32.fromHex(h.toHex()));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldOrderNonNegativeLongKeysNumerically(long seed) {
    RandomValues r = new RandomValues(seed);
    for (int i = 0; i < 500; i++) {
      long a = r.nonNegativeLong();
      long b = r.nonNegativeLong();
      int bytes = Integer.signum(ByteKeys.ORDER.compare(Serializers.LONG.toBytes(a), Serializers.LONG.toBytes(b)));
      assertEquals(Integer.signum(Long.compare(a, b)), bytes, a + " vs " + b);
    }
  }

  @Test
  void shouldWriteLongsBigEndian() {
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 2}, Serializers.LONG.toBytes(258L));
  }

  @Test
  void shouldRejectLongOfWrongLength() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> Serializers.LONG.fromBytes(new byte[7]));
    assertEquals("long: expected 8 bytes, got 7", e.getMessage());
    assertThrows(SerializationException.class, () -> Serializers.LONG.fromBytes(new byte[9]));
  }

  @Test
  void shouldRejectHashOfWrongLength() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> Serializers.HASH32.fromBytes(new byte[31]));
    assertEquals("hash32: expected 32 bytes, got 31", e.getMessage());
    assertThrows(SerializationException.class, () -> Serializers.HASH32.fromBytes(new byte[0]));
  }

  @Test
  void shouldRejectMalformedUtf8() {
    byte[][] malformed = {
        {(byte) 0xC3, 0x28}, // continuation byte missing
        {(byte) 0xFF}, // never valid
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {(byte) 0xE2, (byte) 0x82}, // truncated
    };
    for (byte[] b : malformed) {
      SerializationException e = assertThrows(SerializationException.class, () -> Serializers.UTF8.fromBytes(b));
      assertTrue(e.getMessage().startsWith("utf8: " + b.length + " bytes are not valid UTF-8"), e.getMessage());
    }
  }

  @Test
  void shouldRefuseToWriteUnpairedSurrogate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Serializers.UTF8.toBytes("a\uD800b"));
    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
  }

  @Test
  void shouldRefuseNull() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Serializers.LONG.toBytes(null));
    assertEquals("long: cannot serialize null", e.getMessage());
  }

  @Test
  void shouldRejectHashOfWrongLengthAndHex() {
    assertThrows(IllegalArgumentException.class, () -> Hash32.of(new byte[33]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hash32.fromHex("0x12"));
    assertTrue(e.getMessage().contains("64 hex digits, got 2"), e.getMessage());
  }

  @Test
  void shouldKeepHashImmutable() {
    byte[] b = new byte[32];
    Hash32 h = Hash32.of(b);
    b[0] = 1;
    h.toArray()[1] = 1;
    assertEquals(Hash32.ZERO, h);
  }

  @Test
  void shouldComputePrefixEnds() {
    assertArrayEquals(new byte[] {1, 3}, ByteKeys.prefixEnd(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {2}, ByteKeys.prefixEnd(new byte[] {1, (byte) 0xFF}));
    assertArrayEquals(new byte[] {(byte) 0x80}, ByteKeys.prefixEnd(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF}));
    assertEquals(null, ByteKeys.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    assertEquals(null, ByteKeys.prefixEnd(new byte[0]));
  }
}
