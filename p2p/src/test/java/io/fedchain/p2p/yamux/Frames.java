package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing raw frames in tests. */
final class Frames {
  private Frames() {}

  static String hex(byte[] bytes) {
    return ByteBufUtil.hexDump(bytes);
  }

  /** Hex with spaces allowed, for frames written field by field. */
  static byte[] unhex(String hex) {
    return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
  }

  /** The headers of the frames in {@code wire}, data payloads skipped. */
  static List<FrameHeader> headers(byte[] wire) {
    ByteBuf b = Unpooled.wrappedBuffer(wire);
    List<FrameHeader> out = new ArrayList<>();
    while (b.isReadable()) {
      FrameHeader h = FrameHeader.decode(b, Integer.MAX_VALUE);
      out.add(h);
      if (h.type() == FrameType.DATA) {
        b.skipBytes((int) h.length());
      }
    }
    return out;
  }

  static byte[] random(java.util.Random rng, int n) {
    byte[] b = new byte[n];
    rng.nextBytes(b);
    return b;
  }
}
