package io.fedchain.storage;

/**
 * Bytes that a serializer's {@code toBytes} never writes: wrong length, invalid encoding, values
 * outside the type. Read from a store, it means the stored value is damaged or was written by
 * something else; the store reports it as a {@link StorageException} naming the column and key.
 */
public final class SerializationException extends RuntimeException {
  public SerializationException(String message) {
    super(message);
  }
}
