package io.fedchain.p2p.reqresp;

/** The first byte of a response. */
public enum Status {
  OK(0), INVALID_REQUEST(1), SERVER_ERROR(2), RATE_LIMITED(3), RESOURCE_UNAVAILABLE(4),
  /** Not on the wire: the request did not get an answer in time, or the stream broke. */
  NO_RESPONSE(-1);

  private final int code;

  Status(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static Status of(int code) {
    for (Status s : values()) {
      if (s.code == code && code >= 0) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown response status " + code);
  }
}
