package io.fedchain.learning.codec;

import java.io.ByteArrayOutputStream;

/** Hand-built little-endian encodings, for bytes an honest encoder would never write. */
final class LeBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  LeBytes u8(int b) {
    out.write(b);
    return this;
  }

  LeBytes u32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  LeBytes f32(float x) {
    return u32(Float.floatToRawIntBits(x));
  }

  LeBytes i8s(int... qs) {
    for (int q : qs) {
      out.write(q);
    }
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
