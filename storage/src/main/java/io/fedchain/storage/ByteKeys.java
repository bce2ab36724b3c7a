package io.fedchain.storage;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/** Key order and key printing shared by the stores. */
final class ByteKeys {
  /** RocksDB's default bytewise comparator: lexicographic over unsigned bytes. */
  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private static final int PRINTED_KEY_BYTES = 40;

  private ByteKeys() {}

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or {@code null} when
   * there is none (an empty prefix, or one of only 0xFF bytes): the exclusive end of a prefix scan.
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  /** Hex for error messages, cut after 40 bytes. */
  static String print(byte[] key) {
    if (key.length <= PRINTED_KEY_BYTES) {
      return "0x" + HexFormat.of().formatHex(key);
    }
    return "0x" + HexFormat.of().formatHex(key, 0, PRINTED_KEY_BYTES) + "… (" + key.length + " bytes)";
  }
}
