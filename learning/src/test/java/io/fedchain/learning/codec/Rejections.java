package io.fedchain.learning.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

final class Rejections {
  private Rejections() {}

  /** Asserts a CodecException whose message contains every fragment. */
  static CodecException assertRejected(Executable decode, String... fragments) {
    CodecException e = assertThrows(CodecException.class, decode);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
    return e;
  }
}
