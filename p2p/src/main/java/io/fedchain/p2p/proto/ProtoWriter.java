package io.fedchain.p2p.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A writer of protobuf wire format into a growable array; fields are written in call order. */
public final class ProtoWriter {
  private byte[] buf;
  private int size;

  public ProtoWriter() {
    this(64);
  }

  public ProtoWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public ProtoWriter rawVarint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[size++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  public ProtoWriter rawBytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  private ProtoWriter tag(int field, int wireType) {
    return rawVarint((long) field << 3 | wireType);
  }

  public ProtoWriter varint(int field, long value) {
    return tag(field, ProtoReader.VARINT).rawVarint(value);
  }

  public ProtoWriter bool(int field, boolean value) {
    return varint(field, value ? 1 : 0);
  }

  public ProtoWriter bytes(int field, byte[] value) {
    tag(field, ProtoReader.LENGTH_DELIMITED).rawVarint(value.length);
    return rawBytes(value);
  }

  public ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoWriter message(int field, ProtoWriter nested) {
    return bytes(field, nested.toByteArray());
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Size in bytes of {@code v} as an unsigned varint. */
  public static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** {@code message} prefixed with its length as an unsigned varint (libp2p's usual framing). */
  public static byte[] lengthPrefixed(byte[] message) {
    return new ProtoWriter(message.length + 5).rawVarint(message.length).rawBytes(message).toByteArray();
  }
}
