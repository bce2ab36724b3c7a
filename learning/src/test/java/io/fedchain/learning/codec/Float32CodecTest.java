package io.fedchain.learning.codec;

import static io.fedchain.learning.codec.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Float32CodecTest {
  private final Float32Codec codec = Float32Codec.INSTANCE;

  @ParameterizedTest(name = "seed {0}, n = {1}")
  @MethodSource("io.fedchain.learning.codec.TestDeltas#seedsAndLengths")
  void shouldRoundTripExactly(long seed, int n) {
    float[] delta = TestDeltas.random(seed, n);
    byte[] encoded = codec.encode(delta);
    assertEquals(5 + 4L * n, encoded.length);
    float[] decoded = codec.decode(encoded, n);
    assertArrayEquals(TestDeltas.bits(delta), TestDeltas.bits(decoded));
    assertArrayEquals(encoded, codec.encode(decoded));
  }

  @Test
  void shouldWriteTagCountAndLittleEndianFloats() {
    byte[] encoded = codec.encode(new float[] {1f, -0f});
    assertArrayEquals(new LeBytes().u8(1).u32(2).u32(0x3F800000).u32(0x80000000L).bytes(), encoded);
  }

  @Test
  void shouldRejectDeltaWithNaN() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new float[] {0, 1, Float.NaN}));
    assertTrue(e.getMessage().contains("delta[2] is NaN"), e.getMessage());
  }

  @Test
  void shouldRejectDeltaWithInfinity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new float[] {Float.NEGATIVE_INFINITY}));
    assertTrue(e.getMessage().contains("delta[0] is -Infinity"), e.getMessage());
  }

  @Test
  void shouldRejectEncodedNaN() {
    byte[] encoded = new LeBytes().u8(1).u32(2).f32(1f).u32(0x7FC00001).bytes();
    assertRejected(() -> codec.decode(encoded, 2), "element 1", "byte 9", "NaN");
  }

  @Test
  void shouldRejectEncodedInfinity() {
    byte[] encoded = new LeBytes().u8(1).u32(1).f32(Float.POSITIVE_INFINITY).bytes();
    assertRejected(() -> codec.decode(encoded, 1), "element 0", "Infinity");
  }

  @Test
  void shouldRejectWrongTag() {
    byte[] int8 = new Int8Codec(4).encode(new float[] {1, 2});
    assertRejected(() -> codec.decode(int8, 2), "byte 0", "tag 2 (int8)", "expected 1 (float32)");
  }

  @Test
  void shouldRejectElementCountOtherThanExpected() {
    byte[] encoded = codec.encode(new float[3]);
    assertRejected(() -> codec.decode(encoded, 4), "element count 3", "expected 4");
  }

  @Test
  void shouldRejectTruncatedHeader() {
    byte[] encoded = new LeBytes().u8(1).u8(2).u8(0).bytes();
    assertRejected(() -> codec.decode(encoded, 2), "truncated", "header");
  }

  @Test
  void shouldRejectTruncatedBody() {
    byte[] encoded = java.util.Arrays.copyOf(codec.encode(new float[] {1, 2}), 12);
    assertRejected(() -> codec.decode(encoded, 2), "truncated", "need 13 bytes, got 12");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] encoded = java.util.Arrays.copyOf(codec.encode(new float[] {1, 2}), 14);
    assertRejected(() -> codec.decode(encoded, 2), "1 trailing bytes");
  }

  @Test
  void shouldRejectNegativeExpectedLengthAsCallerError() {
    assertThrows(IllegalArgumentException.class, () -> codec.decode(codec.encode(new float[0]), -1));
  }
}
