package io.fedchain.learning.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DpConfigTest {
  private static final String FORM = "clip=<C>,noise=<sigma>";

  @Test
  void shouldParseKeysInAnyOrderAroundSpaces() {
    assertEquals(new DpConfig(1.0, 1.1), DpConfig.parse("clip=1.0,noise=1.1"));
    assertEquals(new DpConfig(0.5, 0), DpConfig.parse(" noise = 0 , clip=0.5 "));
  }

  @Test
  void shouldGiveNoiseStdDevAsMultipleOfClipNorm() {
    assertEquals(3.0, new DpConfig(2.0, 1.5).noiseStdDev());
  }

  @Test
  void shouldRejectMissingKeyNamingIt() {
    assertMessage("clip=1.0", "no noise=", FORM);
    assertMessage("noise=1.1", "no clip=", FORM);
  }

  @Test
  void shouldRejectUnknownKeyNamingThePart() {
    assertMessage("clip=1,noise=1,eps=3", "'eps=3'", "unknown key 'eps'", FORM);
  }

  @Test
  void shouldRejectPartWithoutEquals() {
    assertMessage("clip=1,noise", "'noise'", "not key=value", FORM);
  }

  @Test
  void shouldRejectValueThatIsNotANumber() {
    assertMessage("clip=abc,noise=1", "'clip=abc'", "no number", FORM);
  }

  @Test
  void shouldRejectDuplicateKey() {
    assertMessage("clip=1,noise=1,clip=2", "sets clip twice", FORM);
  }

  @Test
  void shouldRejectEmptyText() {
    assertMessage("  ", "empty", FORM);
  }

  @Test
  void shouldRejectOutOfRangeValuesNamingThem() {
    assertMessage("clip=0,noise=1", "'clip=0,noise=1'", "clip norm", "0.0");
    assertMessage("clip=1,noise=-0.5", "noise multiplier", "-0.5");
    assertMessage("clip=NaN,noise=1", "clip norm", "NaN");
    assertMessage("clip=1,noise=Infinity", "noise multiplier", "Infinity");
  }

  @Test
  void shouldValidateWhenBuiltDirectly() {
    var e = assertThrows(IllegalArgumentException.class, () -> new DpConfig(-2, 1));
    assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DpConfig(Double.POSITIVE_INFINITY, 1));
    assertThrows(IllegalArgumentException.class, () -> new DpConfig(1, Double.NaN));
  }

  private static void assertMessage(String text, String... fragments) {
    var e = assertThrows(IllegalArgumentException.class, () -> DpConfig.parse(text));
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }
  }
}
