package io.fedchain.learning.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.util.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the bytes each codec writes for one fixed delta, and the floats it reads back. A change
 * here is a change of the consensus format: old deltas would hash or decode differently, so it
 * needs a new codec tag, not a new pin. The pins were checked once against an independent numpy
 * implementation of the format.
 */
class FormatPinTest {
  private static final int LENGTH = 1000;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      float32  | 47f5d3b239f146e51f5b0108264c02a096aaf2262c3915ad7ba15c145d6dc450 | ea50c6a6310776d1c7ab177e7dcb7433489a60385fe4ccaf01a30842a58401ef
      int8:256 | 5b4782f4fbe929975174694b5a50684bcebbf15bea933f0a43150de622d98fc0 | 9d141638fd1270a07f3774e0ec8e3b00875f65cd3bead3a91360238b35eb2c7f
      int8:7   | f10df9200b6f267397d43796ce298635759e42b2fa46af54d2cbda5d19c0a9b3 | df666291e94492dd03ed7724bf09e04a2b8b480312402f0e80d88de797a11d69
      topk:0.1 | 90af6d3465da49b355bc2476d0c79521d77bc97906e44b7e04582710bce1e1b5 | ca1aa5bf32f6412dab8d9b2a4b9c1e6657da377fca83e8b48c52dfce441caae0
      topk:37  | c81bcae89623c1b509156f1b09434cfc58ca0e64c7c66c31d68b145579de3081 | eed67e214ba2972adccd902df0edd90c88378cafbc40c9e2aaae0468c1b4b493
      """)
  void shouldEncodeAndDecodeTheFixedDeltaToThePinnedBytes(String spec, String encodedSha256, String decodedSha256) {
    DeltaCodec codec = DeltaCodec.parse(spec);
    byte[] encoded = codec.encode(fixedDelta());
    assertEquals(encodedSha256, Parameters.hex(Parameters.sha256().digest(encoded)), "encoding of " + spec);
    assertEquals(decodedSha256, Parameters.hex(Parameters.sha256(codec.decode(encoded, LENGTH))), "decoding of " + spec);
  }

  /** Gaussian at the scale of a real delta, with some exact zeros and ties. */
  private static float[] fixedDelta() {
    SeededRandom r = new SeededRandom(20240601);
    float[] x = new float[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      x[i] = i % 50 == 0 ? 0f : i % 61 == 0 ? 0.125f : (float) (0.01 * r.nextGaussian());
    }
    return x;
  }
}
