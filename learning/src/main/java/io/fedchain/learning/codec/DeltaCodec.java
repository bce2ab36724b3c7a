package io.fedchain.learning.codec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * How a trainer compresses a model delta for the wire and the chain. Named by a short spec that the
 * genesis file, governance and update transactions carry:
 * <ul>
 *   <li>{@code float32} - lossless;</li>
 *   <li>{@code int8}, {@code int8:<chunk>} - one float32 scale per chunk of elements (default
 *       256), one signed byte per element;</li>
 *   <li>{@code topk:<fraction>} (in (0, 1], with a decimal point: {@code topk:0.01},
 *       {@code topk:1.0}) or {@code topk:<count>} (an integer >= 1) - only the largest
 *       magnitudes, with their indices.</li>
 * </ul>
 * {@link #name()} is the canonical spec; it parses back to an equal codec.
 *
 * <p>Decoding is consensus-critical: {@link #decode} accepts exactly the byte strings that
 * {@link #encode} produces for some finite delta of that length, and turns them into the same
 * floats on every JVM. So each delta has one encoding, and its hash identifies it.
 */
public sealed interface DeltaCodec permits Float32Codec, Int8Codec, TopKCodec {
  String name();

  /** Throws IllegalArgumentException, naming the index, if the delta holds NaN or an infinity. */
  byte[] encode(float[] delta);

  /**
   * The delta of {@code expectedLength} elements that {@code encoded} holds; throws
   * {@link CodecException} saying what is wrong and at which byte when it holds anything else.
   */
  float[] decode(byte[] encoded, int expectedLength);

  /** Parses the forms listed above; the error names the bad text and the accepted forms. */
  static DeltaCodec parse(String spec) {
    String s = Objects.requireNonNull(spec, "codec spec").trim().toLowerCase(Locale.ROOT);
    if (s.equals("float32")) {
      return Float32Codec.INSTANCE;
    }
    if (s.equals("int8")) {
      return new Int8Codec(Int8Codec.DEFAULT_CHUNK);
    }
    if (s.startsWith("int8:")) {
      int chunk = parseCount(spec, s.substring("int8:".length()), "the chunk size");
      if (chunk > Int8Codec.MAX_CHUNK) {
        throw badSpec(spec, "the chunk size must be at most " + Int8Codec.MAX_CHUNK);
      }
      return new Int8Codec(chunk);
    }
    if (s.startsWith("topk:")) {
      String arg = s.substring("topk:".length());
      if (arg.contains(".") || arg.contains("e")) {
        return TopKCodec.ofFraction(parseFraction(spec, arg));
      }
      return TopKCodec.ofCount(parseCount(spec, arg, "the count"));
    }
    throw badSpec(spec, "unknown codec");
  }

  private static int parseCount(String spec, String digits, String what) {
    if (!digits.matches("[0-9]{1,10}")) {
      throw badSpec(spec, what + " must be a positive integer");
    }
    long value = Long.parseLong(digits);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw badSpec(spec, what + " must be in [1, " + Integer.MAX_VALUE + "]");
    }
    return (int) value;
  }

  private static BigDecimal parseFraction(String spec, String text) {
    BigDecimal fraction;
    try {
      fraction = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw badSpec(spec, "the fraction must be a decimal number");
    }
    if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      throw badSpec(spec, "the fraction must be in (0, 1]");
    }
    if (fraction.stripTrailingZeros().scale() > TopKCodec.MAX_FRACTION_DIGITS) {
      throw badSpec(spec, "the fraction may have at most " + TopKCodec.MAX_FRACTION_DIGITS + " decimal places");
    }
    return fraction;
  }

  private static IllegalArgumentException badSpec(String spec, String problem) {
    return new IllegalArgumentException("bad delta codec '" + spec + "': " + problem
        + "; expected float32, int8, int8:<chunk in [1, " + Int8Codec.MAX_CHUNK + "]>,"
        + " topk:<fraction in (0, 1]> (as in topk:0.01) or topk:<count >= 1>");
  }
}
