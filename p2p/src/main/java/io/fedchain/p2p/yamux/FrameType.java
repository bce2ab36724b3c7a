package io.fedchain.p2p.yamux;

/** The frame types of yamux version 0, with their wire codes. */
public enum FrameType {
  DATA(0),
  /** Its length is a delta added to the receiver's send window. */
  WINDOW_UPDATE(1),
  /** Its length is an opaque value the answer echoes. */
  PING(2),
  /** Its length is a {@link GoAwayCode}. */
  GO_AWAY(3);

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static FrameType ofCode(int code) {
    for (FrameType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new YamuxException("unknown yamux frame type " + code + " (known: 0 data, 1 window update, 2 ping, 3 go away)");
  }
}
