package io.fedchain.p2p.yamux;

import java.util.StringJoiner;

/** The frame flags: bits of the 16-bit flags field. */
public final class Flags {
  public static final int SYN = 0x1;
  public static final int ACK = 0x2;
  public static final int FIN = 0x4;
  public static final int RST = 0x8;
  static final int KNOWN = SYN | ACK | FIN | RST;

  private Flags() {}

  public static String describe(int flags) {
    StringJoiner j = new StringJoiner("|", "[", "]");
    if ((flags & SYN) != 0) {
      j.add("SYN");
    }
    if ((flags & ACK) != 0) {
      j.add("ACK");
    }
    if ((flags & FIN) != 0) {
      j.add("FIN");
    }
    if ((flags & RST) != 0) {
      j.add("RST");
    }
    if ((flags & ~KNOWN) != 0) {
      j.add("0x" + Integer.toHexString(flags & ~KNOWN));
    }
    return j.toString();
  }
}
