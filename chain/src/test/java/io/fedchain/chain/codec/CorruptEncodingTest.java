package io.fedchain.chain.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding bytes that are not an encoding: truncated, extended, bit-flipped or overwritten. Each
 * must fail with a {@link DecodingException} or decode to a value whose encoding is exactly those
 * bytes; never another exception (a peer could otherwise crash or confuse a node with one
 * message).
 */
class CorruptEncodingTest {
  private static final long[] SEEDS = {1, 2, 3, 4, 5};
  /** Large values cost more per decode (and hold more of everything): fewer of them. */
  private static final long[] LARGE_SEEDS = {1, 2, 3};

  private static long[] seeds(CodecCase<?> c) {
    return c.small() ? SEEDS : LARGE_SEEDS;
  }

  static Stream<CodecCase<?>> smallCases() {
    return CodecCase.all().stream().filter(CodecCase::small);
  }

  static Stream<CodecCase<?>> allCases() {
    return CodecCase.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  <T> void everyPrefixShouldFailCleanly(CodecCase<T> c) {
    for (long seed : seeds(c)) {
      byte[] bytes = c.encode(c.generate(seed));
      if (!c.small() && bytes.length > 20_000) {
        continue;
      }
      for (int n = 0; n < bytes.length; n++) {
        c.assertDecodesCleanly(Arrays.copyOf(bytes, n), "seed " + seed + ", first " + n + " of " + bytes.length
            + " bytes");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  <T> void trailingBytesShouldBeRejected(CodecCase<T> c) {
    for (long seed : seeds(c)) {
      byte[] bytes = c.encode(c.generate(seed));
      Random rnd = new Random(seed);
      for (int extra = 1; extra <= 9; extra++) {
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        for (int i = bytes.length; i < longer.length; i++) {
          longer[i] = (byte) rnd.nextInt(256);
        }
        DecodingException e = assertThrows(DecodingException.class, () -> c.decode(longer),
            c + " seed " + seed + " with " + extra + " extra bytes");
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallCases")
  <T> void everySingleBitFlipShouldFailCleanlyOrReencodeToTheSameBytes(CodecCase<T> c) {
    for (long seed : SEEDS) {
      byte[] bytes = c.encode(c.generate(seed));
      for (int bit = 0; bit < bytes.length * 8; bit++) {
        byte[] flipped = bytes.clone();
        flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
        c.assertDecodesCleanly(flipped, "seed " + seed + ", bit " + bit + " of " + bytes.length * 8 + " flipped");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallCases")
  <T> void everyByteOverwrittenWithEdgeValuesShouldFailCleanly(CodecCase<T> c) {
    // 0xff and 0x7f in a length prefix ask for huge allocations; 0x00 empties lengths and selectors.
    int[] values = {0x00, 0x01, 0x7f, 0x80, 0xff};
    for (long seed : SEEDS) {
      byte[] bytes = c.encode(c.generate(seed));
      for (int i = 0; i < bytes.length; i++) {
        for (int v : values) {
          byte[] changed = bytes.clone();
          changed[i] = (byte) v;
          c.assertDecodesCleanly(changed, "seed " + seed + ", byte " + i + " set to " + v);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  <T> void randomBitFlipsShouldFailCleanlyOrReencodeToTheSameBytes(CodecCase<T> c) {
    for (long seed : seeds(c)) {
      byte[] bytes = c.encode(c.generate(seed));
      Random rnd = new Random(seed * 31 + 7);
      for (int trial = 0; trial < (c.small() ? 2000 : 400); trial++) {
        byte[] flipped = bytes.clone();
        int flips = 1 + rnd.nextInt(3);
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < flips; k++) {
          int bit = rnd.nextInt(bytes.length * 8);
          flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
          where.append(' ').append(bit);
        }
        c.assertDecodesCleanly(flipped, "seed " + seed + ", bits" + where + " flipped");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  <T> void randomFourByteWindowsSetToHugeLengthsShouldFailCleanly(CodecCase<T> c) {
    // Every length prefix and list count is 4 bytes: make random ones claim 2^31-1, 2^32-1 or 2^31.
    byte[][] patterns = {{-1, -1, -1, 0x7f}, {-1, -1, -1, -1}, {0, 0, 0, (byte) 0x80}};
    for (long seed : seeds(c)) {
      byte[] bytes = c.encode(c.generate(seed));
      if (bytes.length < 4) {
        continue;
      }
      Random rnd = new Random(seed);
      int trials = c.small() ? bytes.length - 3 : 100;
      for (int trial = 0; trial < trials; trial++) {
        int at = c.small() ? trial : rnd.nextInt(bytes.length - 3);
        for (byte[] p : patterns) {
          byte[] changed = bytes.clone();
          System.arraycopy(p, 0, changed, at, 4);
          c.assertDecodesCleanly(changed, "seed " + seed + ", bytes " + at + ".." + (at + 3) + " set to "
              + Arrays.toString(p));
        }
      }
    }
  }
}
