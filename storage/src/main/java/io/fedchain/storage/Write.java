package io.fedchain.storage;

/** One write of a transaction: a put, or a delete when {@code value} is null. */
record Write(int columnId, byte[] key, byte[] value) {
  boolean isDelete() {
    return value == null;
  }
}
