package io.fedchain.p2p.yamux;

/** Why a session ends, carried in the length field of a GoAway frame. */
public enum GoAwayCode {
  NORMAL(0),
  PROTOCOL_ERROR(1),
  INTERNAL_ERROR(2);

  private final int code;

  GoAwayCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static GoAwayCode ofCode(long code) {
    for (GoAwayCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new YamuxException("unknown GoAway code " + code + " (known: 0 normal, 1 protocol error, 2 internal error)");
  }
}
