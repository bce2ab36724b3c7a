package io.fedchain.chain.genesis;

/** A genesis file that cannot be used; the message names the file, the field and the reason. */
public final class GenesisException extends RuntimeException {
  public GenesisException(String message) {
    super(message);
  }

  public GenesisException(String message, Throwable cause) {
    super(message, cause);
  }
}
