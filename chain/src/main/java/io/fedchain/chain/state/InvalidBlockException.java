package io.fedchain.chain.state;

/** A block that breaks a rule of the state transition; the message says which and where. */
public final class InvalidBlockException extends Exception {
  public InvalidBlockException(String message) {
    super(message);
  }
}
