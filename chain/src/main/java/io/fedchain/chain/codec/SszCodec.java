package io.fedchain.chain.codec;

/** The canonical SSZ encoding of one type: fields in declaration order, nothing else. */
public interface SszCodec<T> extends SszEncoder<T> {
  T read(SszIn in);

  /** Decodes exactly {@code bytes} (at most {@code maxSize} of them); anything else fails. */
  default T decode(byte[] bytes, int maxSize) {
    return Ssz.decode(this, bytes, maxSize);
  }
}
