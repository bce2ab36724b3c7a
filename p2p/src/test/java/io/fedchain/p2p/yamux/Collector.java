package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** A stream handler that records what a stream delivered and releases the buffers. */
final class Collector implements YamuxStream.Handler {
  final ByteArrayOutputStream data = new ByteArrayOutputStream();
  int chunks;
  int remoteCloses;
  int resets;
  int writables;
  /** Bytes delivered and not yet reported consumed, for streams with auto-consume off. */
  int unconsumed;
  /** Runs on every delivery, e.g. to let a test clock tick. */
  Runnable onEachData = () -> {};

  @Override
  public void onData(YamuxStream stream, ByteBuf buf) {
    chunks++;
    onEachData.run();
    unconsumed += buf.readableBytes();
    byte[] b = new byte[buf.readableBytes()];
    buf.readBytes(b);
    buf.release();
    data.writeBytes(b);
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    remoteCloses++;
  }

  @Override
  public void onReset(YamuxStream stream) {
    resets++;
  }

  @Override
  public void onWritable(YamuxStream stream) {
    writables++;
  }

  /** Reports everything delivered so far as consumed (auto-consume off). */
  void consumeAll(YamuxStream stream) {
    int n = unconsumed;
    unconsumed = 0;
    stream.consumed(n);
  }

  byte[] bytes() {
    return data.toByteArray();
  }
}
