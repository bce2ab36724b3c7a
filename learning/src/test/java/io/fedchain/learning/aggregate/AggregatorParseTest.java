package io.fedchain.learning.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AggregatorParseTest {
  private static final String ACCEPTED =
      "accepted forms: fedavg, median, trimmed-mean:<beta in [0, 0.5)>, krum:<f>, multi-krum:<f>:<m>";

  @Test
  void shouldParseEveryForm() {
    assertEquals(new FedAvg(), Aggregator.parse("fedavg"));
    assertEquals(new Median(), Aggregator.parse("median"));
    assertEquals(new TrimmedMean(new BigDecimal("0.2")), Aggregator.parse("trimmed-mean:0.2"));
    assertEquals(new Krum(2), Aggregator.parse("krum:2"));
    assertEquals(new MultiKrum(2, 5), Aggregator.parse("multi-krum:2:5"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fedavg", "median", "trimmed-mean:0", "trimmed-mean:0.1", "trimmed-mean:0.499",
      "krum:0", "krum:3", "multi-krum:0:1", "multi-krum:3:10"})
  void shouldReadBackItsCanonicalName(String name) {
    Aggregator aggregator = Aggregator.parse(name);
    assertEquals(name, aggregator.name());
    assertEquals(aggregator, Aggregator.parse(aggregator.name()));
  }

  @ParameterizedTest
  @CsvSource({"trimmed-mean:0.10, trimmed-mean:0.1", "trimmed-mean:0.000, trimmed-mean:0",
      "trimmed-mean:00.25, trimmed-mean:0.25", "krum:007, krum:7", "multi-krum:01:02, multi-krum:1:2"})
  void shouldNameOtherSpellingsCanonically(String spelling, String canonical) {
    assertEquals(canonical, Aggregator.parse(spelling).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "FedAvg", " fedavg", "fedavg ", "mean", "trimmed-mean", "trimmed-mean:",
      "trimmed-mean:.1", "trimmed-mean:1e-1", "trimmed-mean:-0.1", "trimmed-mean:0,1", "krum", "krum:",
      "krum:-1", "krum:1.5", "krum:\u0661", "multi-krum:1", "multi-krum:1:2:3", "multi-krum::2"})
  void shouldRejectUnknownTextNamingItAndTheAcceptedForms(String spec) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregator.parse(spec));
    assertEquals("unknown aggregator \"" + spec + "\"; " + ACCEPTED, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "trimmed-mean:0.5|beta must be in [0, 0.5), got 0.5",
      "trimmed-mean:3|beta must be in [0, 0.5), got 3",
      "multi-krum:1:0|m must be >= 1, got 0",
      "krum:99999999999|f is too large: 99999999999",
      "multi-krum:1:99999999999|m is too large: 99999999999"})
  void shouldRejectOutOfRangeValuesSayingWhy(String spec, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregator.parse(spec));
    assertTrue(e.getMessage().startsWith("bad aggregator \"" + spec + "\": "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().endsWith(ACCEPTED), e.getMessage());
  }
}
