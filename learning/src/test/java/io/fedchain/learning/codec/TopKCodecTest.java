package io.fedchain.learning.codec;

import static io.fedchain.learning.codec.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopKCodecTest {
  @ParameterizedTest(name = "seed {0}, n = {1}")
  @MethodSource("io.fedchain.learning.codec.TestDeltas#seedsAndLengths")
  void shouldKeepExactlyTheLargestMagnitudes(long seed, int n) {
    for (TopKCodec codec : new TopKCodec[] {
        TopKCodec.ofCount(1), TopKCodec.ofCount(17), TopKCodec.ofFraction(new BigDecimal("0.01")),
        TopKCodec.ofFraction(new BigDecimal("0.5")), TopKCodec.ofFraction(BigDecimal.ONE)}) {
      float[] delta = TestDeltas.random(seed, n);
      byte[] encoded = codec.encode(delta);
      int k = codec.budget().k(n);
      assertEquals(9 + 8L * k, encoded.length);

      int[] kept = keptIndices(encoded);
      assertArrayEquals(largestMagnitudesBySorting(delta, k), kept, codec.name());

      float[] decoded = codec.decode(encoded, n);
      float[] expected = new float[n];
      for (int i : kept) {
        expected[i] = delta[i];
      }
      assertArrayEquals(TestDeltas.bits(expected), TestDeltas.bits(decoded), codec.name());
      assertArrayEquals(encoded, codec.encode(decoded), "re-encoding the decoded delta with " + codec.name());
    }
  }

  @Test
  void shouldWriteTheLayoutOfTheFormat() {
    byte[] encoded = TopKCodec.ofCount(2).encode(new float[] {0.5f, -3f, 1f, 2f});
    assertArrayEquals(new LeBytes().u8(3).u32(4).u32(2).u32(1).u32(3).f32(-3f).f32(2f).bytes(), encoded);
  }

  @Test
  void shouldBreakTiesByLowerIndex() {
    byte[] encoded = TopKCodec.ofCount(2).encode(new float[] {1f, -2f, 2f, -2f});
    assertArrayEquals(new int[] {1, 2}, keptIndices(encoded));
  }

  @Test
  void shouldPadWithZerosOfTheLowestIndices() {
    float[] delta = {0f, 0f, 5f, -0f, 0f, 0f};
    byte[] encoded = TopKCodec.ofCount(4).encode(delta);
    assertArrayEquals(new int[] {0, 1, 2, 3}, keptIndices(encoded));
    assertArrayEquals(encoded, TopKCodec.ofCount(4).encode(TopKCodec.ofCount(4).decode(encoded, 6)));
  }

  @Test
  void shouldComputeTheFractionInExactDecimal() {
    // In double, 0.07 * 100 = 7.000000000000001, whose ceiling is 8.
    assertEquals(7, TopKCodec.ofFraction(new BigDecimal("0.07")).budget().k(100));
    assertEquals(1, TopKCodec.ofFraction(new BigDecimal("0.001")).budget().k(1));
    assertEquals(0, TopKCodec.ofFraction(new BigDecimal("0.5")).budget().k(0));
    assertEquals(3, TopKCodec.ofCount(5).budget().k(3));
    assertEquals(Integer.MAX_VALUE, TopKCodec.ofFraction(BigDecimal.ONE).budget().k(Integer.MAX_VALUE));
  }

  @Test
  void shouldRejectDeltaWithNaN() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopKCodec.ofCount(1).encode(new float[] {1f, Float.NaN}));
    assertTrue(e.getMessage().contains("delta[1] is NaN"), e.getMessage());
  }

  @Test
  void shouldRejectKAboveN() {
    // Only the header: the bound on k comes before the length check, so its message is the one seen.
    byte[] encoded = new LeBytes().u8(3).u32(1).u32(2).bytes();
    assertRejected(() -> TopKCodec.ofCount(2).decode(encoded, 1), "k = 2", "exceeds the element count 1");
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 1), "k = 2", "exceeds the element count 1");
  }

  @Test
  void shouldRejectHugeKWithoutAllocating() {
    byte[] encoded = new LeBytes().u8(3).u32(4).u32(0xFFFFFFFFL).bytes();
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 4), "k = 4294967295", "exceeds");
  }

  @Test
  void shouldRejectKZeroWhenThereAreElements() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(0).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "k = 0", "at least one");
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 3), "k = 0", "at least one");
  }

  @Test
  void shouldRejectKOtherThanTheBudgetGives() {
    byte[] encoded = TopKCodec.ofCount(2).encode(new float[] {1f, 2f, 3f, 4f});
    assertRejected(() -> TopKCodec.ofCount(3).decode(encoded, 4), "k = 2", "keeps 3 of 4");
    assertRejected(() -> TopKCodec.ofFraction(new BigDecimal("0.25")).decode(encoded, 4), "keeps 1 of 4");
  }

  @Test
  void shouldRejectIndexOutOfRange() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(1).u32(3).f32(1f).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "index 3", "position 0", "byte 9", "out of range");
  }

  @Test
  void shouldRejectIndexAboveIntRange() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(1).u32(0x80000000L).f32(1f).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "index 2147483648", "out of range");
  }

  @Test
  void shouldRejectRepeatedIndex() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(2).u32(1).u32(1).f32(1f).f32(2f).bytes();
    assertRejected(() -> TopKCodec.ofCount(2).decode(encoded, 3), "position 1", "byte 13", "strictly increasing");
  }

  @Test
  void shouldRejectDecreasingIndices() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(2).u32(2).u32(0).f32(1f).f32(2f).bytes();
    assertRejected(() -> TopKCodec.ofCount(2).decode(encoded, 3), "index 0", "previous index 2");
  }

  @Test
  void shouldRejectNaNValue() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(1).u32(2).f32(Float.NaN).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "index 2", "byte 13", "NaN");
  }

  @Test
  void shouldRejectInfiniteValue() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(1).u32(2).f32(Float.NEGATIVE_INFINITY).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "-Infinity");
  }

  @Test
  void shouldRejectZeroKeptAboveAnIndexThatIsNotKept() {
    // The canonical encoding of [0, 0, 0] with k = 1 keeps index 0, not index 2.
    byte[] encoded = new LeBytes().u8(3).u32(3).u32(1).u32(2).f32(-0f).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "index 2", "value 0", "index 0 is not kept");
  }

  @Test
  void shouldAcceptZeroKeptInTheFullyKeptPrefix() {
    byte[] encoded = new LeBytes().u8(3).u32(4).u32(2).u32(0).u32(3).f32(0f).f32(1f).bytes();
    float[] decoded = TopKCodec.ofCount(2).decode(encoded, 4);
    assertArrayEquals(new float[] {0f, 0f, 0f, 1f}, decoded);
    assertArrayEquals(encoded, TopKCodec.ofCount(2).encode(decoded));
  }

  @Test
  void shouldRejectTruncatedIndices() {
    byte[] full = TopKCodec.ofCount(2).encode(new float[] {1f, 2f, 3f});
    assertRejected(() -> TopKCodec.ofCount(2).decode(Arrays.copyOf(full, 20), 3), "truncated", "need 25 bytes, got 20");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] full = TopKCodec.ofCount(2).encode(new float[] {1f, 2f, 3f});
    assertRejected(() -> TopKCodec.ofCount(2).decode(Arrays.copyOf(full, 26), 3), "1 trailing bytes");
  }

  @Test
  void shouldRejectTruncatedK() {
    byte[] encoded = new LeBytes().u8(3).u32(3).u8(1).u8(0).bytes();
    assertRejected(() -> TopKCodec.ofCount(1).decode(encoded, 3), "truncated", "k");
  }

  @Test
  void shouldRejectWrongTag() {
    byte[] float32 = Float32Codec.INSTANCE.encode(new float[] {1f, 2f});
    assertRejected(() -> TopKCodec.ofCount(1).decode(float32, 2), "tag 1 (float32)", "expected 3 (topk)");
  }

  @Test
  void shouldEncodeAnEmptyDelta() {
    TopKCodec codec = TopKCodec.ofFraction(new BigDecimal("0.1"));
    byte[] encoded = codec.encode(new float[0]);
    assertArrayEquals(new LeBytes().u8(3).u32(0).u32(0).bytes(), encoded);
    assertEquals(0, codec.decode(encoded, 0).length);
    assertEquals(0, DeltaCodecs.decodeAny(encoded, 0).length);
  }

  /** Reference selection: sort every index by (|x| descending, index ascending). */
  private static int[] largestMagnitudesBySorting(float[] x, int k) {
    return IntStream.range(0, x.length).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -Math.abs(x[i])).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }

  private static int[] keptIndices(byte[] encoded) {
    ByteBuffer buf = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
    int k = buf.getInt(5);
    int[] kept = new int[k];
    for (int p = 0; p < k; p++) {
      kept[p] = buf.getInt(9 + 4 * p);
    }
    return kept;
  }
}
