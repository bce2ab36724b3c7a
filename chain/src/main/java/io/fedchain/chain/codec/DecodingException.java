package io.fedchain.chain.codec;

/** Bytes that are not the canonical encoding of the expected type. */
public final class DecodingException extends RuntimeException {
  public DecodingException(String message) {
    super(message);
  }

  public DecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
