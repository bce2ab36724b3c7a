package io.fedchain.chain.codec;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.ssz.SSZ;
import org.apache.tuweni.ssz.SSZException;

/**
 * Canonical encoding of fedchain's consensus objects with Tuweni's SSZ writer and reader:
 * integers little-endian of fixed width, variable-length fields (byte strings, nested objects,
 * lists) prefixed by their 4-byte length, lists by their element count, unions by a 1-byte
 * selector. Decoding consumes exactly the given bytes; trailing bytes, lengths beyond a limit,
 * unknown selectors and non-canonical values (e.g. a boolean byte other than 0 or 1) fail with a
 * {@link DecodingException}, never with another exception.
 */
public final class Ssz {
  private Ssz() {}

  public static <T> byte[] encode(SszEncoder<T> codec, T value) {
    return SSZ.encode(w -> codec.write(new SszOut(w), value)).toArrayUnsafe();
  }

  public static <T> T decode(SszCodec<T> codec, byte[] bytes, int maxSize) {
    if (bytes.length > maxSize) {
      throw new DecodingException(bytes.length + " bytes exceed the limit of " + maxSize);
    }
    try {
      return SSZ.decode(Bytes.wrap(bytes), r -> {
        SszIn in = new SszIn(r);
        T v = codec.read(in);
        if (!r.isComplete()) {
          throw new DecodingException("trailing bytes after the encoded value");
        }
        return v;
      });
    } catch (DecodingException e) {
      throw e;
    } catch (SSZException | IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
      throw new DecodingException("malformed encoding: " + e.getMessage(), e);
    }
  }
}
