package io.fedchain.storage;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns values of one type into the bytes a column stores, and back. {@link #fromBytes} accepts
 * only bytes {@link #toBytes} could have written and throws {@link SerializationException} for
 * anything else, so a damaged or foreign value is reported where it is read instead of travelling
 * on as a wrong value.
 *
 * <p>A key serializer decides the column's iteration order: stores order keys by their bytes,
 * compared as unsigned, so an encoding whose byte order matches the value order (big-endian
 * integers) makes range scans mean what they say.
 */
public interface Serializer<T> {
  byte[] toBytes(T value);

  T fromBytes(byte[] bytes);

  /** A serializer made of two functions; {@code name} appears in error messages. */
  static <T> Serializer<T> of(String name, Function<T, byte[]> toBytes, Function<byte[], T> fromBytes) {
    return new Named<>(name, toBytes, fromBytes);
  }

  record Named<T>(String name, Function<T, byte[]> to, Function<byte[], T> from) implements Serializer<T> {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(from, "from");
    }

    @Override
    public byte[] toBytes(T value) {
      return to.apply(Objects.requireNonNull(value, () -> name + ": cannot serialize null"));
    }

    @Override
    public T fromBytes(byte[] bytes) {
      return from.apply(Objects.requireNonNull(bytes, () -> name + ": cannot deserialize null"));
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
