package io.fedchain.learning.codec;

import static io.fedchain.learning.codec.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Bytes from a hostile or broken peer: every decoder either rejects them with a CodecException or
 * returns a finite delta whose canonical encoding is those very bytes. Nothing else may escape.
 */
class HostileInputTest {
  private static final List<DeltaCodec> CODECS = List.of(
      Float32Codec.INSTANCE, new Int8Codec(256), new Int8Codec(3), new Int8Codec(1),
      TopKCodec.ofCount(1), TopKCodec.ofCount(5), TopKCodec.ofFraction(new BigDecimal("0.3")),
      TopKCodec.ofFraction(BigDecimal.ONE));

  @RepeatedTest(40)
  void shouldRejectEveryTruncation(RepetitionInfo repetition) {
    long seed = repetition.getCurrentRepetition();
    int n = new SeededRandom(seed).nextInt(40);
    float[] delta = TestDeltas.random(seed, n);
    for (DeltaCodec codec : CODECS) {
      byte[] encoded = codec.encode(delta);
      for (int length = 0; length < encoded.length; length++) {
        byte[] cut = Arrays.copyOf(encoded, length);
        expectRejected(() -> codec.decode(cut, n), codec + ", cut to " + length + " bytes");
        expectRejected(() -> DeltaCodecs.decodeAny(cut, n), "decodeAny of " + codec + ", cut to " + length);
      }
    }
  }

  @RepeatedTest(40)
  void shouldRejectEveryExtension(RepetitionInfo repetition) {
    long seed = repetition.getCurrentRepetition();
    SeededRandom r = new SeededRandom(seed);
    int n = r.nextInt(40);
    float[] delta = TestDeltas.random(seed, n);
    for (DeltaCodec codec : CODECS) {
      byte[] encoded = codec.encode(delta);
      for (int extra = 1; extra <= 16; extra++) {
        byte[] longer = Arrays.copyOf(encoded, encoded.length + extra);
        for (int i = encoded.length; i < longer.length; i++) {
          longer[i] = (byte) r.nextInt(256);
        }
        expectRejected(() -> codec.decode(longer, n), codec + " with " + extra + " extra bytes");
        expectRejected(() -> DeltaCodecs.decodeAny(longer, n), "decodeAny of " + codec + " with " + extra + " extra");
      }
    }
  }

  @RepeatedTest(12)
  void shouldRejectOrCanonicallyDecodeEveryBitFlip(RepetitionInfo repetition) {
    long seed = repetition.getCurrentRepetition();
    int n = new SeededRandom(seed).nextInt(24);
    float[] delta = TestDeltas.random(seed, n);
    for (DeltaCodec codec : CODECS) {
      byte[] encoded = codec.encode(delta);
      for (int bit = 0; bit < 8 * encoded.length; bit++) {
        byte[] flipped = encoded.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        String where = codec + ", bit " + bit + " flipped";
        float[] decoded = decodeOrNull(() -> codec.decode(flipped, n), where);
        if (decoded != null) {
          assertEquals(-1, Parameters.firstNonFinite(decoded), where);
          assertArrayEquals(flipped, codec.encode(decoded), where + ": accepted bytes must be canonical");
        }
        float[] any = decodeOrNull(() -> DeltaCodecs.decodeAny(flipped, n), "decodeAny of " + where);
        if (any != null) {
          assertEquals(-1, Parameters.firstNonFinite(any), "decodeAny of " + where);
        }
      }
    }
  }

  /** Random bytes behind a valid-looking header, which reach deeper than flips of honest bytes. */
  @RepeatedTest(300)
  void shouldSurviveRandomBodies(RepetitionInfo repetition) {
    SeededRandom r = new SeededRandom(repetition.getCurrentRepetition());
    int n = r.nextInt(12);
    byte[] garbage = new byte[r.nextInt(9 + 8 * n + 2)];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) r.nextInt(256);
    }
    if (garbage.length >= 9) {
      garbage[0] = (byte) (1 + r.nextInt(3));
      garbage[1] = (byte) n;
      garbage[2] = garbage[3] = garbage[4] = 0;
      garbage[5] = (byte) r.nextInt(n + 2);
      garbage[6] = garbage[7] = garbage[8] = 0;
    }
    decodeOrNull(() -> DeltaCodecs.decodeAny(garbage, n), "decodeAny of " + Parameters.hex(garbage));
    for (DeltaCodec codec : CODECS) {
      float[] decoded = decodeOrNull(() -> codec.decode(garbage, n), codec + " of " + Parameters.hex(garbage));
      if (decoded != null) {
        assertArrayEquals(garbage, codec.encode(decoded), codec + " accepted non-canonical " + Parameters.hex(garbage));
      }
    }
  }

  @Test
  void shouldRejectOversizeInputBeforeReadingTheHeader() {
    // Tag 99 is unknown, but the length alone rules the bytes out: that is the error reported.
    byte[] huge = new byte[64 << 20];
    huge[0] = 99;
    assertRejected(() -> DeltaCodecs.decodeAny(huge, 10), "67108864 bytes is too long for 10 elements",
        "no codec needs more than 89");
    assertRejected(() -> Float32Codec.INSTANCE.decode(huge, 10), "too long");
  }

  @Test
  void shouldNotAllocateFromAHeaderThatClaimsAHugeDelta() {
    // A float[Integer.MAX_VALUE] would not fit in the test heap: only the length check can save us.
    int n = Integer.MAX_VALUE;
    for (DeltaCodec codec : CODECS) {
      byte[] header = codec instanceof Float32Codec
          ? new LeBytes().u8(1).u32(n).bytes()
          : codec instanceof Int8Codec c
              ? new LeBytes().u8(2).u32(n).u32(c.chunkSize()).bytes()
              : new LeBytes().u8(3).u32(n).u32(((TopKCodec) codec).budget().k(n)).bytes();
      assertRejected(() -> codec.decode(header, n), "truncated");
      assertRejected(() -> DeltaCodecs.decodeAny(header, n), "truncated");
    }
  }

  @Test
  void shouldRejectUnknownTag() {
    byte[] encoded = new LeBytes().u8(4).u32(0).bytes();
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 0), "unknown codec tag 4 at byte 0");
  }

  @Test
  void shouldRejectEmptyInput() {
    assertRejected(() -> DeltaCodecs.decodeAny(new byte[0], 0), "truncated", "codec tag");
  }

  @Test
  void shouldRejectElementCountOtherThanExpected() {
    byte[] encoded = new Int8Codec(256).encode(new float[5]);
    assertRejected(() -> DeltaCodecs.decodeAny(encoded, 6), "element count 5 at byte 1", "expected 6");
  }

  private static float[] decodeOrNull(Supplier<float[]> decode, String where) {
    try {
      return decode.get();
    } catch (CodecException e) {
      return null;
    } catch (Throwable t) {
      return fail(where + ": expected a CodecException or a delta, got " + t, t);
    }
  }

  private static void expectRejected(Supplier<float[]> decode, String where) {
    if (decodeOrNull(decode, where) != null) {
      fail(where + ": decoded instead of being rejected");
    }
  }
}
