package io.fedchain.learning.codec;

import static io.fedchain.learning.codec.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Int8CodecTest {
  private final Int8Codec codec = new Int8Codec(256);

  @ParameterizedTest(name = "seed {0}, n = {1}")
  @MethodSource("io.fedchain.learning.codec.TestDeltas#seedsAndLengths")
  void shouldStayWithinHalfAScaleOfTheInput(long seed, int n) {
    for (int chunk : new int[] {1, 7, 256}) {
      Int8Codec c = new Int8Codec(chunk);
      float[] delta = TestDeltas.random(seed, n);
      byte[] encoded = c.encode(delta);
      long chunks = (n + chunk - 1) / chunk;
      assertEquals(9 + 4 * chunks + n, encoded.length);
      float[] decoded = c.decode(encoded, n);
      ByteBuffer buf = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        int chunkIndex = i / chunk;
        float scale = buf.getFloat(9 + chunkIndex * (4 + chunk));
        float error = Math.abs(delta[i] - decoded[i]);
        if (scale == 0 && !(Math.abs(delta[i]) < 127 * Float.MIN_NORMAL)) {
          fail("a zero chunk holds " + delta[i] + " at " + i);
        }
        // rint(x / scale) is at most scale / 2 away; the float division and product add ~1e-5 of scale.
        if (scale != 0 && !(error <= scale * (0.5 + 1e-4))) {
          fail("element " + i + ": " + delta[i] + " came back as " + decoded[i] + " with scale " + scale);
        }
      }
      assertArrayEquals(encoded, c.encode(decoded), "re-encoding the decoded delta, chunk " + chunk);
    }
  }

  @Test
  void shouldWriteTheLayoutOfTheFormat() {
    // Chunk 2: [2, -1] has scale 2/127, q = [127, -64] (-63.5 ties to even); [0.5] alone: q = 127.
    byte[] encoded = new Int8Codec(2).encode(new float[] {2f, -1f, 0.5f});
    byte[] expected = new LeBytes().u8(2).u32(3).u32(2)
        .f32(2f / 127f).i8s(127, -64)
        .f32(0.5f / 127f).i8s(127)
        .bytes();
    assertArrayEquals(expected, encoded);
  }

  @Test
  void shouldKeepTheExtremesOfEachChunkExact() {
    float[] decoded = codec.decode(codec.encode(new float[] {-3.5f, 1f, 0f}), 3);
    assertEquals(-3.5f, decoded[0]);
    assertEquals(0f, decoded[2]);
  }

  @Test
  void shouldEncodeAnAllZeroChunkAsScaleZero() {
    byte[] encoded = new Int8Codec(2).encode(new float[] {0f, -0f, 1f});
    assertArrayEquals(new LeBytes().u8(2).u32(3).u32(2).f32(0f).i8s(0, 0).f32(1f / 127).i8s(127).bytes(), encoded);
  }

  @Test
  void shouldFlushChunksWithSubnormalScaleToZero() {
    float tiny = 100 * Float.MIN_NORMAL;
    byte[] encoded = new Int8Codec(1).encode(new float[] {tiny, 127 * Float.MIN_NORMAL});
    float[] decoded = new Int8Codec(1).decode(encoded, 2);
    assertEquals(0f, decoded[0]);
    assertEquals(127 * Float.MIN_NORMAL, decoded[1]);
  }

  /**
   * The decoder trusts that every maxabs / 127 passes its scale checks and re-encodes to itself.
   * Scaling by powers of two does not change rounding, so whole binades stand for every finite
   * maxabs: the one where the scale turns normal (and below it chunks flush to zero), a middle one, and
   * the top one.
   */
  @ParameterizedTest(name = "maxabs in [2^{0}, 2^({0}+1))")
  @ValueSource(ints = {-120, 0, 127})
  void shouldAcceptTheScaleOfEveryMaxabsInABinade(int exponent) {
    int mantissas = 1 << 23;
    boolean top = exponent == 127;
    float[] delta = new float[top ? mantissas - 1 : mantissas]; // Float.MAX_VALUE overflows; see below
    int base = Float.floatToRawIntBits(StrictMath.scalb(1f, exponent));
    for (int i = 0; i < delta.length; i++) {
      float m = Float.intBitsToFloat(base + i);
      delta[i] = (i & 1) == 0 ? m : -m;
    }
    Int8Codec perElement = new Int8Codec(1);
    byte[] encoded = perElement.encode(delta);
    float[] decoded = perElement.decode(encoded, delta.length);
    assertArrayEquals(encoded, perElement.encode(decoded));
  }

  @Test
  void shouldRejectMaxFloatOnEncodeBecauseItsDequantisedValueOverflows() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new float[] {1f, -Float.MAX_VALUE}));
    assertTrue(e.getMessage().contains("chunk 0"), e.getMessage());
  }

  @Test
  void shouldRejectDeltaWithNaN() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new float[] {0, 0, 0, Float.NaN}));
    assertTrue(e.getMessage().contains("delta[3] is NaN"), e.getMessage());
  }

  @Test
  void shouldRejectDeltaWithInfinity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new float[] {Float.POSITIVE_INFINITY}));
    assertTrue(e.getMessage().contains("delta[0] is Infinity"), e.getMessage());
  }

  @Test
  void shouldRejectNaNScale() {
    assertRejected(() -> decodeOneChunk(Float.NaN, 127), "scale of chunk 0", "byte 9", "NaN");
  }

  @Test
  void shouldRejectInfiniteScale() {
    assertRejected(() -> decodeOneChunk(Float.POSITIVE_INFINITY, 127), "scale of chunk 0", "Infinity");
  }

  @Test
  void shouldRejectNegativeScale() {
    assertRejected(() -> decodeOneChunk(-1f / 127, 127), "scale of chunk 0", "negative");
  }

  @Test
  void shouldRejectNegativeZeroScale() {
    assertRejected(() -> decodeOneChunk(-0f, 0), "scale of chunk 0", "negative");
  }

  @Test
  void shouldRejectSubnormalScale() {
    assertRejected(() -> decodeOneChunk(Float.MIN_VALUE, 127), "subnormal");
  }

  @Test
  void shouldRejectScaleWhoseLargestValueOverflows() {
    assertRejected(() -> decodeOneChunk(Float.MAX_VALUE / 127f, 127), "overflows");
  }

  @Test
  void shouldRejectScaleThatNoMaxabsProduces() {
    float scale = 1.0078812f; // 127 * scale / 127 rounds to the next float up
    assertTrue((127f * scale) / 127f != scale);
    assertRejected(() -> decodeOneChunk(scale, 127), "not maxabs / 127");
  }

  @Test
  void shouldRejectQuantisedMinus128() {
    byte[] encoded = new LeBytes().u8(2).u32(2).u32(256).f32(1f / 127).i8s(127, -128).bytes();
    assertRejected(() -> codec.decode(encoded, 2), "element 1", "byte 14", "q = -128");
  }

  @Test
  void shouldRejectChunkWhoseLargestQuantisedValueIsNot127() {
    byte[] encoded = new LeBytes().u8(2).u32(2).u32(256).f32(1f / 127).i8s(126, -3).bytes();
    assertRejected(() -> codec.decode(encoded, 2), "chunk 0", "largest |q| = 126");
  }

  @Test
  void shouldRejectNonZeroValueInZeroScaleChunk() {
    byte[] encoded = new LeBytes().u8(2).u32(2).u32(256).f32(0f).i8s(0, 5).bytes();
    assertRejected(() -> codec.decode(encoded, 2), "scale 0", "element 1");
  }

  @Test
  void shouldRejectChunkSizeZero() {
    byte[] encoded = new LeBytes().u8(2).u32(1).u32(0).f32(1f / 127).i8s(127).bytes();
    assertRejected(() -> codec.decode(encoded, 1), "chunk size 0", "byte 5");
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 1), "chunk size 0", "byte 5");
  }

  @Test
  void shouldRejectChunkSizeAboveTwoToTheTwenty() {
    byte[] encoded = new LeBytes().u8(2).u32(1).u32((1 << 20) + 1).f32(1f / 127).i8s(127).bytes();
    assertRejected(() -> codec.decode(encoded, 1), "chunk size 1048577");
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 1), "chunk size 1048577");
  }

  @Test
  void shouldRejectChunkSizeOtherThanTheCodecs() {
    byte[] encoded = new Int8Codec(64).encode(new float[] {1f});
    assertRejected(() -> codec.decode(encoded, 1), "chunk size 64", "uses 256");
  }

  @Test
  void shouldRejectTruncatedChunkSize() {
    byte[] encoded = new LeBytes().u8(2).u32(1).u8(1).bytes();
    assertRejected(() -> codec.decode(encoded, 1), "truncated", "chunk size");
  }

  @Test
  void shouldRejectTruncatedBody() {
    byte[] full = codec.encode(new float[] {1f, 2f, 3f});
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 1);
    assertRejected(() -> codec.decode(cut, 3), "truncated", "need 16 bytes, got 15");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] full = codec.encode(new float[] {1f, 2f, 3f});
    byte[] longer = java.util.Arrays.copyOf(full, full.length + 2);
    assertRejected(() -> codec.decode(longer, 3), "2 trailing bytes");
  }

  @Test
  void shouldRejectWrongTag() {
    byte[] topk = TopKCodec.ofCount(1).encode(new float[] {1f});
    assertRejected(() -> codec.decode(topk, 1), "tag 3 (topk)", "expected 2 (int8)");
  }

  @Test
  void shouldRejectChunkSizeOutsideRangeOnConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new Int8Codec(0));
    assertThrows(IllegalArgumentException.class, () -> new Int8Codec((1 << 20) + 1));
    assertEquals("int8:1048576", new Int8Codec(1 << 20).name());
  }

  private float[] decodeOneChunk(float scale, int q) {
    return codec.decode(new LeBytes().u8(2).u32(1).u32(256).f32(scale).i8s(q).bytes(), 1);
  }
}
