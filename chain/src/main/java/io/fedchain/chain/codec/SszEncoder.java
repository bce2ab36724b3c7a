package io.fedchain.chain.codec;

/** The write half of a codec, for encodings that are only ever produced (e.g. what a signature covers). */
@FunctionalInterface
public interface SszEncoder<T> {
  void write(SszOut out, T value);

  default byte[] encode(T value) {
    return Ssz.encode(this, value);
  }
}
