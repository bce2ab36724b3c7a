package io.fedchain.learning.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaCodecParseTest {
  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({
      "float32, float32",
      "' FLOAT32 ', float32",
      "int8, int8:256",
      "int8:1, int8:1",
      "Int8:4096, int8:4096",
      "int8:1048576, int8:1048576",
      "topk:1, topk:1",
      "topk:2147483647, topk:2147483647",
      "topk:0.01, topk:0.01",
      "topk:0.010, topk:0.01",
      "topk:.5, topk:0.5",
      "topk:1.0, topk:1.0",
      "topk:1.000, topk:1.0",
      "topk:1e-3, topk:0.001",
      "topk:0.000000001, topk:0.000000001",
  })
  void shouldParseToTheCanonicalName(String spec, String name) {
    DeltaCodec codec = DeltaCodec.parse(spec);
    assertEquals(name, codec.name());
    assertEquals(codec, DeltaCodec.parse(codec.name()), "the name parses back to an equal codec");
    assertEquals(name, codec.toString());
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {
      "", "float", "float32:1", "int8:", "int8:0", "int8:-1", "int8:+4", "int8:1048577", "int8:abc", "int8:2.5",
      "int4", "topk", "topk:", "topk:0", "topk:-1", "topk:0.0", "topk:-0.5", "topk:1.5", "topk:2.0",
      "topk:0.0000000001", "topk:1e-999999999", "topk:1e999999999", "topk:abc", "topk:0.1.2",
      "topk:2147483648", "topk:99999999999"})
  void shouldRejectBadSpecNamingTextAndForms(String spec) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeltaCodec.parse(spec));
    assertTrue(e.getMessage().contains("'" + spec + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("expected float32, int8, int8:<chunk"), e.getMessage());
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"topk:1", "topk:1.0"})
  void shouldTellACountOfOneFromAFractionOfOne(String spec) {
    TopKCodec codec = (TopKCodec) DeltaCodec.parse(spec);
    int expectedK = spec.contains(".") ? 10 : 1;
    assertEquals(expectedK, codec.budget().k(10));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0.10", "0.1", "1E-1"})
  void shouldTreatEqualFractionsAsEqualCodecs(String fraction) {
    assertEquals(TopKCodec.ofFraction(new BigDecimal("0.1")), TopKCodec.ofFraction(new BigDecimal(fraction)));
  }
}
