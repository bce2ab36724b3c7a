package io.fedchain.p2p.yamux;

/**
 * Which side of the connection a session is. The dialer is the client and opens odd stream ids
 * (1, 3, ...); the listener is the server and opens even ids (2, 4, ...), so ids never collide.
 */
public enum Role {
  CLIENT,
  SERVER;

  int firstStreamId() {
    return this == CLIENT ? 1 : 2;
  }

  boolean ownsId(int streamId) {
    return (streamId & 1) == (this == CLIENT ? 1 : 0);
  }
}
