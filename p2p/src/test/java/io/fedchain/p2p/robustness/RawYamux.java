package io.fedchain.p2p.robustness;

import io.fedchain.p2p.multistream.MultistreamException;
import io.fedchain.p2p.multistream.Negotiation;
import io.fedchain.p2p.yamux.Flags;
import io.fedchain.p2p.yamux.FrameHeader;
import io.fedchain.p2p.yamux.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The yamux client side of a {@link NoiseChannel}, written frame by frame. A reader thread
 * answers the node's pings, credits back every byte the node sends (so the node never stalls on
 * us), and takes the streams the node opens: those negotiating one of {@code inboundProtocols}
 * are accepted (the node's gossipsub stream must be, or its router ignores our RPCs), the rest are
 * reset at once (so they neither wait for the node's negotiation timeout nor count as refused).
 * Everything else the test writes itself, so it can break any rule.
 */
final class RawYamux implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final byte[] NA = Negotiation.encode(Negotiation.NA);

  /** One stream as the attacker sees it; guarded by the {@link RawYamux} monitor. */
  private static final class Stream {
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    Negotiation.Listener negotiating;
    String protocol;
    boolean fin;
    boolean reset;
  }

  private final NoiseChannel channel;
  private final Set<String> inboundProtocols;
  private final Map<Integer, Stream> streams = new HashMap<>();
  private final Thread reader;
  private int nextId = 1;
  private boolean closed;
  private OptionalLong goAway = OptionalLong.empty();

  private RawYamux(NoiseChannel channel, Set<String> inboundProtocols) throws SocketException {
    this.channel = channel;
    this.inboundProtocols = Set.copyOf(inboundProtocols);
    channel.raw().socket().setSoTimeout(0); // the reader waits for as long as the connection lives
    this.reader = new Thread(this::readLoop, "raw-yamux-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Selects yamux on {@code channel} and starts reading. */
  static RawYamux start(NoiseChannel channel, Set<String> inboundProtocols) throws IOException {
    try {
      channel.selectYamux();
      return new RawYamux(channel, inboundProtocols);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  NoiseChannel channel() {
    return channel;
  }

  // ---- frames out

  static byte[] frame(FrameHeader h, byte[] payload) {
    ByteBuf b = Unpooled.buffer(FrameHeader.SIZE + payload.length);
    h.encode(b);
    b.writeBytes(payload);
    return ByteBufUtil.getBytes(b);
  }

  static byte[] dataFrame(int flags, int id, byte[] payload) {
    return frame(FrameHeader.data(flags, id, payload.length), payload);
  }

  /** Sends the frames in one write. */
  void write(byte[]... frames) {
    channel.write(frames);
  }

  /** Like {@link #write}, but a connection the node already closed is not an error. */
  boolean tryWrite(byte[]... frames) {
    return channel.tryWrite(frames);
  }

  synchronized int nextStreamId() {
    int id = nextId;
    nextId += 2;
    streams.put(id, new Stream());
    return id;
  }

  /**
   * Opens a stream proposing {@code protocol}, with {@code pipelined} bytes right behind the
   * proposal (as if the node had already agreed), all in one write; does not wait for the answer.
   */
  int openStream(String protocol, byte[] pipelined) {
    int id = nextStreamId();
    write(openStreamFrames(id, protocol, pipelined));
    return id;
  }

  int openStream(String protocol) {
    return openStream(protocol, new byte[0]);
  }

  /** The frames that open stream {@code id} with a proposal and pipelined bytes. */
  static byte[] openStreamFrames(int id, String protocol, byte[] pipelined) {
    byte[] negotiation = NoiseChannel.concat(Negotiation.encode(Negotiation.PROTOCOL_ID), Negotiation.encode(protocol),
        pipelined);
    return NoiseChannel.concat(frame(FrameHeader.windowUpdate(Flags.SYN, id, 0), new byte[0]),
        dataFrame(0, id, negotiation));
  }

  /** Opens a stream and waits until the node takes {@code protocol}. */
  int openNegotiated(String protocol) {
    int id = openStream(protocol);
    String answer = awaitAnswer(id);
    if (!answer.equals(protocol)) {
      throw new AssertionError("the node answered " + protocol + " with '" + answer + "'");
    }
    return id;
  }

  void data(int id, byte[] payload) {
    write(dataFrame(0, id, payload));
  }

  void fin(int id) {
    write(frame(FrameHeader.windowUpdate(Flags.FIN, id, 0), new byte[0]));
  }

  // ---- waiting for the node

  /**
   * The node's answer to the proposal on our stream {@code id} (the protocol, or {@code na}); the
   * multistream header and the answer are taken out of the stream's data.
   */
  synchronized String awaitAnswer(int id) {
    Stream s = streams.get(id);
    String[] answer = new String[1];
    await("the node's answer on stream " + id, () -> {
      byte[] b = s.data.toByteArray();
      Optional<int[]> two = twoMessages(b);
      if (two.isEmpty()) {
        return s.reset || closed;
      }
      int[] ends = two.get();
      answer[0] = new String(b, ends[0], ends[1] - ends[0] - 1, StandardCharsets.UTF_8);
      s.data.reset();
      s.data.write(b, ends[2], b.length - ends[2]);
      return true;
    });
    if (answer[0] == null) {
      throw new AssertionError("stream " + id + " was " + (s.reset ? "reset" : "closed") + " before the node answered");
    }
    return answer[0];
  }

  /** Start and end of the second message's text, and the end of the two, when both are in. */
  private static Optional<int[]> twoMessages(byte[] b) {
    int pos = 0;
    int textStart = 0;
    for (int m = 0; m < 2; m++) {
      int len = 0;
      int shift = 0;
      while (true) {
        if (pos >= b.length) {
          return Optional.empty();
        }
        int v = b[pos++] & 0xff;
        len |= (v & 0x7f) << shift;
        shift += 7;
        if ((v & 0x80) == 0) {
          break;
        }
      }
      textStart = pos;
      pos += len;
      if (pos > b.length) {
        return Optional.empty();
      }
    }
    return Optional.of(new int[] {textStart, pos, pos});
  }

  /** Waits for {@code n} bytes of data on stream {@code id} and takes them. */
  synchronized byte[] awaitData(int id, int n) {
    Stream s = streams.get(id);
    await(n + " bytes on stream " + id, () -> s.data.size() >= n || s.reset || closed);
    byte[] b = s.data.toByteArray();
    if (b.length < n) {
      throw new AssertionError("stream " + id + " ended after " + b.length + " of " + n + " bytes");
    }
    s.data.reset();
    s.data.write(b, n, b.length - n);
    return Arrays.copyOf(b, n);
  }

  /** Waits until the node resets stream {@code id}, while the connection stays open. */
  synchronized void awaitReset(int id) {
    Stream s = streams.get(id);
    await("a reset of stream " + id, () -> s.reset || closed);
    if (!s.reset) {
      throw new AssertionError("the connection closed instead of stream " + id + " being reset");
    }
  }

  synchronized boolean isReset(int id) {
    return streams.get(id).reset;
  }

  /** Waits until the node accepted an inbound stream of {@code protocol} from us. */
  synchronized void awaitInbound(String protocol) {
    await("the node opening a " + protocol + " stream", () -> closed
        || streams.values().stream().anyMatch(s -> protocol.equals(s.protocol)));
    if (closed) {
      throw new AssertionError("the connection closed before the node opened a " + protocol + " stream");
    }
  }

  /** Waits until the node closes the connection; returns the GoAway code it sent, if any. */
  synchronized OptionalLong awaitClosed() {
    await("the node closing the connection", () -> closed);
    return goAway;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void await(String what, BooleanSupplier done) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError("timed out after " + DEADLINE.toMillis() + " ms waiting for " + what);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  // ---- frames in

  private void readLoop() {
    try {
      while (true) {
        FrameHeader h = FrameHeader.decode(Unpooled.wrappedBuffer(channel.readPlain(FrameHeader.SIZE)), 0xFFFF_FFFFL);
        byte[] payload = h.type() == FrameType.DATA ? channel.readPlain((int) h.length()) : new byte[0];
        onFrame(h, payload);
      }
    } catch (IOException | UncheckedIOException e) {
      // the node closed the connection
    } catch (RuntimeException e) {
      // a frame we cannot parse, or a write to a closed connection: the connection is unusable
    } finally {
      synchronized (this) {
        closed = true;
        notifyAll();
      }
    }
  }

  private synchronized void onFrame(FrameHeader h, byte[] payload) {
    switch (h.type()) {
      case PING -> {
        if (h.has(Flags.SYN)) {
          tryWrite(frame(FrameHeader.ping(Flags.ACK, h.length()), new byte[0]));
        }
      }
      case GO_AWAY -> goAway = OptionalLong.of(h.length());
      case DATA, WINDOW_UPDATE -> onStreamFrame(h, payload);
    }
    notifyAll();
  }

  private void onStreamFrame(FrameHeader h, byte[] payload) {
    int id = h.streamId();
    if (h.has(Flags.SYN) && (id & 1) == 0) {
      Stream s = new Stream();
      streams.put(id, s);
      if (inboundProtocols.isEmpty()) {
        s.reset = true;
        tryWrite(frame(FrameHeader.windowUpdate(Flags.RST, id, 0), new byte[0]));
        return;
      }
      s.negotiating = new Negotiation.Listener(inboundProtocols);
      tryWrite(frame(FrameHeader.windowUpdate(Flags.ACK, id, 0), new byte[0]),
          dataFrame(0, id, NoiseChannel.concat(s.negotiating.start().toArray(byte[][]::new))));
    }
    Stream s = streams.get(id);
    if (s == null || s.reset) {
      return;
    }
    if (h.has(Flags.RST)) {
      s.reset = true;
      return;
    }
    if (payload.length > 0) {
      // Credit at once: the node must never wait on our window.
      tryWrite(frame(FrameHeader.windowUpdate(0, id, payload.length), new byte[0]));
      if (s.negotiating != null && s.protocol == null) {
        negotiate(id, s, payload);
      } else {
        s.data.writeBytes(payload);
      }
    }
    if (h.has(Flags.FIN)) {
      s.fin = true;
    }
  }

  private void negotiate(int id, Stream s, byte[] payload) {
    Negotiation.Step step;
    try {
      step = s.negotiating.feed(payload);
    } catch (MultistreamException e) {
      s.reset = true;
      tryWrite(frame(FrameHeader.windowUpdate(Flags.RST, id, 0), new byte[0]));
      return;
    }
    if (step.toSend().stream().anyMatch(m -> Arrays.equals(m, NA))) {
      // Refuse by reset rather than na, which the node would count as a refused stream of its own.
      s.reset = true;
      tryWrite(frame(FrameHeader.windowUpdate(Flags.RST, id, 0), new byte[0]));
      return;
    }
    if (!step.toSend().isEmpty()) {
      tryWrite(dataFrame(0, id, NoiseChannel.concat(step.toSend().toArray(byte[][]::new))));
    }
    if (step.done()) {
      s.protocol = step.selected().get();
      s.data.writeBytes(step.leftover());
    }
  }

  @Override
  public void close() {
    channel.close();
  }
}
