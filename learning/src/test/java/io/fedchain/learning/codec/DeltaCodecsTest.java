package io.fedchain.learning.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeltaCodecsTest {
  @ParameterizedTest(name = "seed {0}, n = {1}")
  @MethodSource("io.fedchain.learning.codec.TestDeltas#seedsAndLengths")
  void shouldDecodeAnyCodecLikeTheCodecItself(long seed, int n) {
    float[] delta = TestDeltas.random(seed, n);
    for (DeltaCodec codec : new DeltaCodec[] {
        Float32Codec.INSTANCE, new Int8Codec(256), new Int8Codec(100), TopKCodec.ofCount(3),
        TopKCodec.ofFraction(new BigDecimal("0.05"))}) {
      byte[] encoded = codec.encode(delta);
      assertArrayEquals(TestDeltas.bits(codec.decode(encoded, n)), TestDeltas.bits(DeltaCodecs.decodeAny(encoded, n)),
          codec.name());
    }
  }
}
