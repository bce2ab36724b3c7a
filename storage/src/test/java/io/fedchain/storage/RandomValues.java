package io.fedchain.storage;

import java.util.Random;

/** Seeded random values of every type the serializers handle, edge cases included. */
final class RandomValues {
  private final Random random;

  RandomValues(long seed) {
    random = new Random(seed);
  }

  Random random() {
    return random;
  }

  byte[] bytes(int maxLength) {
    int n = switch (random.nextInt(8)) {
      case 0 -> 0;
      case 1 -> 1;
      default -> random.nextInt(maxLength + 1);
    };
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  long anyLong() {
    return switch (random.nextInt(6)) {
      case 0 -> new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 255, 256}[random.nextInt(7)];
      case 1 -> random.nextInt(1000);
      default -> random.nextLong();
    };
  }

  long nonNegativeLong() {
    long v = anyLong() & Long.MAX_VALUE;
    return v;
  }

  Hash32 hash() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    if (random.nextInt(10) == 0) {
      java.util.Arrays.fill(b, (byte) (random.nextBoolean() ? 0 : 0xFF));
    }
    return Hash32.of(b);
  }

  /** Any valid string: ASCII, accents, CJK, emoji (surrogate pairs), NUL. */
  String string(int maxCodePoints) {
    int n = random.nextInt(maxCodePoints + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp = switch (random.nextInt(5)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
        case 2 -> 0x800 + random.nextInt(0xD800 - 0x800);
        case 3 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
        default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
      };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
