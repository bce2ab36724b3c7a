package io.fedchain.p2p.proto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of protobuf wire format (proto2/proto3), enough for the libp2p messages.
 * Every read checks what remains, so hostile input ends in a {@link ProtoException}, never in an
 * index error or a huge allocation. Unknown fields are skipped, as protobuf requires.
 */
public final class ProtoReader {
  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  private final byte[] buf;
  private int pos;
  private final int end;

  public ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public ProtoReader(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IllegalArgumentException("range outside the buffer");
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public boolean hasMore() {
    return pos < end;
  }

  /** The next field's tag: {@code field number << 3 | wire type}. */
  public int readTag() {
    long tag = readVarint();
    if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
      throw new ProtoException("invalid field tag " + tag + " at byte " + pos);
    }
    return (int) tag;
  }

  public static int fieldNumber(int tag) {
    return tag >>> 3;
  }

  public static int wireType(int tag) {
    return tag & 7;
  }

  public long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new ProtoException("truncated varint at byte " + pos);
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new ProtoException("varint longer than 10 bytes at byte " + pos);
  }

  /** A varint that must fit an int (lengths, enums, small counters). */
  public int readInt32() {
    long v = readVarint();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ProtoException("value " + v + " does not fit 32 bits at byte " + pos);
    }
    return (int) v;
  }

  public boolean readBool() {
    return readVarint() != 0;
  }

  /** A length-delimited field's bytes, at most {@code maxLength} of them. */
  public byte[] readBytes(int maxLength) {
    long len = readVarint();
    if (len < 0 || len > end - pos) {
      throw new ProtoException("length " + len + " at byte " + pos + " runs past the end of the message ("
          + (end - pos) + " bytes left)");
    }
    if (len > maxLength) {
      throw new ProtoException("field of " + len + " bytes exceeds the limit of " + maxLength);
    }
    byte[] out = new byte[(int) len];
    System.arraycopy(buf, pos, out, 0, out.length);
    pos += out.length;
    return out;
  }

  /** A nested message, read in place (no copy), at most {@code maxLength} bytes. */
  public ProtoReader readMessage(int maxLength) {
    long len = readVarint();
    if (len < 0 || len > end - pos) {
      throw new ProtoException("length " + len + " at byte " + pos + " runs past the end of the message");
    }
    if (len > maxLength) {
      throw new ProtoException("nested message of " + len + " bytes exceeds the limit of " + maxLength);
    }
    ProtoReader nested = new ProtoReader(buf, pos, (int) len);
    pos += (int) len;
    return nested;
  }

  /** A UTF-8 string; malformed UTF-8 is rejected rather than replaced. */
  public String readString(int maxLength) {
    byte[] bytes = readBytes(maxLength);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ProtoException("string field is not valid UTF-8");
    }
  }

  public byte readRawByte() {
    if (pos >= end) {
      throw new ProtoException("truncated input at byte " + pos);
    }
    return buf[pos++];
  }

  public int readFixed32() {
    if (end - pos < 4) {
      throw new ProtoException("truncated fixed32 at byte " + pos);
    }
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  public long readFixed64() {
    long lo = readFixed32() & 0xffffffffL;
    long hi = readFixed32() & 0xffffffffL;
    return lo | hi << 32;
  }

  /** Skips a field of the given wire type (unknown fields). */
  public void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> readFixed64();
      case LENGTH_DELIMITED -> {
        long len = readVarint();
        if (len < 0 || len > end - pos) {
          throw new ProtoException("length " + len + " at byte " + pos + " runs past the end of the message");
        }
        pos += (int) len;
      }
      case FIXED32 -> readFixed32();
      default -> throw new ProtoException("unsupported wire type " + wireType + " at byte " + pos);
    }
  }

  /** Fails unless {@code tag} has the expected wire type. */
  public static void expect(int tag, int wireType) {
    if (wireType(tag) != wireType) {
      throw new ProtoException("field " + fieldNumber(tag) + " has wire type " + wireType(tag) + ", expected " + wireType);
    }
  }
}
