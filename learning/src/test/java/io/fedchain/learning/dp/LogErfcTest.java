package io.fedchain.learning.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogErfcTest {
  // log(erfc(x)) from mpmath at 40 digits; x = 30 and 100 are far past where erfc underflows.
  @ParameterizedTest
  @CsvSource({
      "0.001, -0.0011290158896213548027",
      "0.5, -0.73501112983708440303",
      "1, -1.8496055099332482486",
      "1.4999999, -3.3844917386714814688",
      "1.5, -3.3844920895515527203",
      "2, -5.3649412646166375745",
      "3, -10.720363041981112568",
      "10, -102.87988902484488857",
      "30, -903.97411711064387808",
      "100, -10005.177585122664333",
      "-1, 0.61123231767807049464",
      "-3, 0.69313613525044681032",
  })
  void shouldMatchHighPrecisionValues(double x, double expected) {
    assertEquals(expected, LogErfc.of(x), 1e-14 * Math.abs(expected));
  }

  @Test
  void shouldBeLogOfOneAtZeroAndLogOfTwoFarBelow() {
    assertEquals(0.0, LogErfc.of(0), 0);
    assertEquals(Math.log(2), LogErfc.of(-40), 1e-16);
  }

  @Test
  void shouldRejectNaN() {
    assertThrows(IllegalArgumentException.class, () -> LogErfc.of(Double.NaN));
  }
}
