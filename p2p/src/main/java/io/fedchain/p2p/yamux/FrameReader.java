package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Reassembles frames from the chunks the connection delivers. A header is decoded as soon as its
 * 12 bytes are in, so the session can judge a data frame's length before buffering its payload;
 * payloads are handed out as retained slices of the received bytes (no copy), and only the tail of
 * a chunk that holds part of a frame is copied, into a buffer sized for that whole frame.
 */
final class FrameReader {
  private ByteBuf cumulation;
  private FrameHeader pending;

  void append(ByteBuf in, ByteBufAllocator alloc) {
    if (cumulation == null || !cumulation.isReadable()) {
      release();
      cumulation = in;
      return;
    }
    if (!in.isReadable()) {
      in.release();
      return;
    }
    int adding = in.readableBytes();
    // Payload slices handed out earlier share this buffer (refCnt > 1), so it is only written in
    // place when nobody else holds it and no reallocation is needed.
    if (cumulation.refCnt() == 1 && !cumulation.isReadOnly() && cumulation.writableBytes() >= adding) {
      cumulation.writeBytes(in);
      in.release();
      return;
    }
    int buffered = cumulation.readableBytes();
    long frameRest = pending != null && pending.type() == FrameType.DATA ? pending.length() - buffered : 0;
    int capacity = (int) Math.max((long) buffered + adding, buffered + frameRest);
    ByteBuf merged = alloc.buffer(capacity);
    merged.writeBytes(cumulation).writeBytes(in);
    in.release();
    cumulation.release();
    cumulation = merged;
  }

  /** The header of the frame being read, decoding the next one when 12 bytes are in; else null. */
  FrameHeader header(long maxDataLength) {
    if (pending == null && cumulation != null && cumulation.readableBytes() >= FrameHeader.SIZE) {
      pending = FrameHeader.decode(cumulation, maxDataLength);
    }
    return pending;
  }

  /** Whether a header was decoded and its frame is not complete yet. */
  boolean hasPendingHeader() {
    return pending != null;
  }

  /**
   * Completes the pending frame: its payload (empty for non-data frames, owned by the caller), or
   * null while the payload is still incomplete.
   */
  ByteBuf takePayload() {
    FrameHeader h = pending;
    if (h.type() != FrameType.DATA || h.length() == 0) {
      pending = null;
      return Unpooled.EMPTY_BUFFER;
    }
    if (cumulation.readableBytes() < h.length()) {
      return null;
    }
    pending = null;
    return cumulation.readRetainedSlice((int) h.length());
  }

  /** Bytes of an unfinished frame, header included. */
  int partialBytes() {
    int buffered = cumulation == null ? 0 : cumulation.readableBytes();
    return pending == null ? buffered : buffered + FrameHeader.SIZE;
  }

  /** Lets go of the received bytes once every frame in them is out. */
  void releaseIfDrained() {
    if (cumulation != null && !cumulation.isReadable()) {
      release();
    }
  }

  void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
