package io.fedchain.p2p.identity;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58btc (the Bitcoin alphabet), as used for the text form of libp2p peer ids. */
public final class Base58 {
  private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEX[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger value = new BigInteger(1, input);
    BigInteger base = BigInteger.valueOf(58);
    while (value.signum() > 0) {
      BigInteger[] qr = value.divideAndRemainder(base);
      sb.append(ALPHABET[qr[1].intValue()]);
      value = qr[0];
    }
    for (int i = 0; i < zeros; i++) {
      sb.append(ALPHABET[0]);
    }
    return sb.reverse().toString();
  }

  /** Decodes base58btc text; the error names the first character outside the alphabet. */
  public static byte[] decode(String text) {
    BigInteger value = BigInteger.ZERO;
    BigInteger base = BigInteger.valueOf(58);
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == ALPHABET[0]) {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("'" + text + "' is not base58: character '" + c + "' at " + i);
      }
      value = value.multiply(base).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int strip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - strip];
    System.arraycopy(magnitude, strip, out, zeros, magnitude.length - strip);
    return out;
  }
}
