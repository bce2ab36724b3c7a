package io.fedchain.learning.data;

/** A data file that cannot be used: missing, truncated, corrupt or inconsistent. */
public final class DatasetException extends RuntimeException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
