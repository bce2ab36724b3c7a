package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;

/**
 * The 12-byte header that starts every yamux frame: version (8 bits, always 0), type (8), flags
 * (16), stream id (32), length (32), big-endian. Stream ids and lengths are unsigned 32-bit: the id
 * is kept as an {@code int} holding those bits, the length as a {@code long}.
 *
 * <p>{@link #decode} checks everything a header can be checked for on its own; what depends on
 * stream state (windows, id parity, duplicate SYN) is the session's business.
 */
public record FrameHeader(FrameType type, int flags, int streamId, long length) {
  public static final int SIZE = 12;
  public static final int VERSION = 0;
  static final long MAX_U32 = 0xFFFF_FFFFL;

  public FrameHeader {
    if (type == null) {
      throw new IllegalArgumentException("frame type is required");
    }
    if ((flags & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("flags do not fit 16 bits: 0x" + Integer.toHexString(flags));
    }
    if (length < 0 || length > MAX_U32) {
      throw new IllegalArgumentException("length does not fit 32 unsigned bits: " + length);
    }
  }

  public static FrameHeader data(int flags, int streamId, int length) {
    return new FrameHeader(FrameType.DATA, flags, streamId, length);
  }

  public static FrameHeader windowUpdate(int flags, int streamId, long delta) {
    return new FrameHeader(FrameType.WINDOW_UPDATE, flags, streamId, delta);
  }

  public static FrameHeader ping(int flags, long opaque) {
    return new FrameHeader(FrameType.PING, flags, 0, opaque);
  }

  public static FrameHeader goAway(GoAwayCode code) {
    return new FrameHeader(FrameType.GO_AWAY, 0, 0, code.code());
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  public void encode(ByteBuf out) {
    out.writeByte(VERSION);
    out.writeByte(type.code());
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }

  /**
   * Reads one header from {@code in} and validates it: version 0, a known type, only known flags,
   * stream 0 exactly for ping and GoAway, ping flags SYN or ACK, a known GoAway code, and a data
   * length of at most {@code maxDataLength}.
   */
  public static FrameHeader decode(ByteBuf in, long maxDataLength) {
    if (in.readableBytes() < SIZE) {
      throw new YamuxException("truncated yamux frame header: " + in.readableBytes() + " of " + SIZE + " bytes");
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new YamuxException("unsupported yamux version " + version + " in a frame header (only version 0 exists);"
          + " the peer is not speaking yamux or the stream lost sync");
    }
    FrameType type = FrameType.ofCode(in.readUnsignedByte());
    int flags = in.readUnsignedShort();
    int streamId = in.readInt();
    long length = in.readUnsignedInt();
    FrameHeader h = new FrameHeader(type, flags, streamId, length);
    if ((flags & ~Flags.KNOWN) != 0) {
      throw new YamuxException("unknown flags " + Flags.describe(flags) + " in " + h);
    }
    switch (type) {
      case PING -> {
        if (streamId != 0) {
          throw new YamuxException("ping on stream " + h.streamIdText() + "; pings belong to stream 0");
        }
        if (flags != Flags.SYN && flags != Flags.ACK) {
          throw new YamuxException("ping with flags " + Flags.describe(flags) + "; a ping carries SYN or ACK alone");
        }
      }
      case GO_AWAY -> {
        if (streamId != 0) {
          throw new YamuxException("GoAway on stream " + h.streamIdText() + "; GoAway belongs to stream 0");
        }
        if (flags != 0) {
          throw new YamuxException("GoAway with flags " + Flags.describe(flags) + "; GoAway carries none");
        }
        GoAwayCode.ofCode(length);
      }
      case DATA, WINDOW_UPDATE -> {
        if (streamId == 0) {
          throw new YamuxException(type + " frame on stream 0, which is reserved for the session");
        }
        if (type == FrameType.DATA && length > maxDataLength) {
          throw new YamuxException("data frame of " + length + " bytes on stream " + h.streamIdText()
              + " exceeds the frame limit of " + maxDataLength + " bytes");
        }
      }
    }
    return h;
  }

  String streamIdText() {
    return Integer.toUnsignedString(streamId);
  }

  @Override
  public String toString() {
    return type + Flags.describe(flags) + " stream " + streamIdText() + " length " + length;
  }
}
