package io.fedchain.learning.codec;

/**
 * Encoded delta bytes that no honest encoder produces: truncated, padded, for another codec or
 * length, or holding values outside the format. A validator that meets one rejects the update.
 */
public final class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }
}
