package io.fedchain.p2p.host;

import io.fedchain.p2p.proto.ProtoException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a stream's bytes into varint-length-prefixed messages (the framing of identify, gossipsub
 * and fedchain's request/response protocols). A declared length above the limit fails before any
 * of it is buffered.
 */
public final class MessageReader {
  private final int maxMessage;
  private byte[] buf = new byte[256];
  private int size;

  public MessageReader(int maxMessage) {
    this.maxMessage = maxMessage;
  }

  /** Takes {@code data} (and releases it); returns the messages it completed. */
  public List<byte[]> read(ByteBuf data) {
    try {
      int n = data.readableBytes();
      ensure(n);
      data.readBytes(buf, size, n);
      size += n;
    } finally {
      data.release();
    }
    List<byte[]> out = new ArrayList<>(1);
    int pos = 0;
    while (true) {
      long len = 0;
      int i = pos;
      boolean complete = false;
      for (int shift = 0; shift < 35 && i < size; shift += 7) {
        byte b = buf[i++];
        len |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (i - pos >= 5) {
          throw new ProtoException("message length varint longer than 5 bytes");
        }
        break;
      }
      if (len > maxMessage) {
        throw new ProtoException("message of " + len + " bytes exceeds the limit of " + maxMessage);
      }
      if (size - i < len) {
        break;
      }
      out.add(Arrays.copyOfRange(buf, i, i + (int) len));
      pos = i + (int) len;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, size - pos);
      size -= pos;
    }
    return out;
  }

  /** Bytes held that do not yet form a message. */
  public int buffered() {
    return size;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + extra);
      // A peer can make us hold at most one message plus its prefix.
      if (want > (long) maxMessage + 16 && size + extra <= maxMessage + 16) {
        want = maxMessage + 16;
      }
      buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
    }
  }
}
