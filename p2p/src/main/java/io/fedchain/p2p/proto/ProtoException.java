package io.fedchain.p2p.proto;

/** Bytes from a peer that are not the protobuf message they claim to be. */
public final class ProtoException extends RuntimeException {
  public ProtoException(String message) {
    super(message);
  }
}
