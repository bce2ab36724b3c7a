package io.fedchain.learning.aggregate;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the spec strings of {@link Aggregator#parse}. */
final class AggregatorSpec {
  static final String ACCEPTED =
      "fedavg, median, trimmed-mean:<beta in [0, 0.5)>, krum:<f>, multi-krum:<f>:<m>";

  // ASCII digits only: \d without UNICODE_CHARACTER_CLASS, so every node reads the same number.
  private static final Pattern TRIMMED_MEAN = Pattern.compile("trimmed-mean:(\\d+(?:\\.\\d+)?)");
  private static final Pattern KRUM = Pattern.compile("krum:(\\d+)");
  private static final Pattern MULTI_KRUM = Pattern.compile("multi-krum:(\\d+):(\\d+)");

  private AggregatorSpec() {}

  static Aggregator parse(String spec) {
    Objects.requireNonNull(spec, "aggregator spec");
    try {
      Matcher m;
      if (spec.equals("fedavg")) {
        return new FedAvg();
      } else if (spec.equals("median")) {
        return new Median();
      } else if ((m = TRIMMED_MEAN.matcher(spec)).matches()) {
        return new TrimmedMean(new BigDecimal(m.group(1)));
      } else if ((m = KRUM.matcher(spec)).matches()) {
        return new Krum(count(m.group(1), "f"));
      } else if ((m = MULTI_KRUM.matcher(spec)).matches()) {
        return new MultiKrum(count(m.group(1), "f"), count(m.group(2), "m"));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad aggregator \"" + spec + "\": " + e.getMessage() + "; accepted forms: " + ACCEPTED, e);
    }
    throw new IllegalArgumentException("unknown aggregator \"" + spec + "\"; accepted forms: " + ACCEPTED);
  }

  private static int count(String digits, String what) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is too large: " + digits, e);
    }
  }
}
