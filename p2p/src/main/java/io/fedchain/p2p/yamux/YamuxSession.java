package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux connection as a state machine: bytes in through {@link #onBytes}, bytes out through a
 * {@link FrameSink}, events out through a {@link SessionListener} and the streams' handlers.
 *
 * <p>Not thread-safe. Every call, on the session and on its streams, must come from one thread —
 * the connection's Netty event loop — and every callback runs on that thread, inside the call that
 * caused it. Callbacks may call back into the session and its streams.
 *
 * <p>A protocol violation by the peer (bad header, data beyond a window, a SYN of the wrong parity
 * or for an id already used) sends GoAway PROTOCOL_ERROR, resets every stream and reports a
 * {@link YamuxException} to {@link SessionListener#onClosed}; nothing is thrown out of
 * {@link #onBytes}. An exception thrown by an application callback resets only that stream.
 *
 * <p>Flow control: a stream's receive credit is returned with a window update once the application
 * has consumed half the window (at delivery by default, see {@link YamuxStream#setAutoConsume}).
 * If that half-window took less than four ping round trips, the window doubles, up to
 * {@link YamuxConfig#maxStreamWindow()} (go-yamux's auto-tuning). Inbound streams are acknowledged
 * as soon as the listener returns.
 */
public final class YamuxSession {
  /** The name multistream-select negotiates for yamux. */
  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);

  private final Role role;
  private final YamuxConfig config;
  private final FrameSink out;
  private final SessionListener listener;
  private final LongSupplier nanoClock;
  private final FrameReader reader = new FrameReader();
  private final Map<Integer, YamuxStream> streams = new HashMap<>();

  private long nextStreamId;
  private int lastInboundId;
  private int inboundStreams;
  private int outboundStreams;
  private int unacknowledged;
  private boolean localGoAway;
  private boolean remoteGoAway;
  private boolean closed;
  /** Set by the first failure: sending its GoAway may fail and re-enter, and the first error is the one reported. */
  private boolean failing;

  private long nextPingOpaque;
  private long pingOpaque = -1;
  private long pingSentAt;
  private long rttNanos = -1;

  private int depth;
  private boolean dirty;
  private boolean reading;

  public YamuxSession(Role role, YamuxConfig config, FrameSink out, SessionListener listener) {
    this(role, config, out, listener, System::nanoTime);
  }

  /** With a clock for round-trip times and window auto-tuning, so tests can fix time. */
  public YamuxSession(Role role, YamuxConfig config, FrameSink out, SessionListener listener, LongSupplier nanoClock) {
    this.role = role;
    this.config = config;
    this.out = out;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.nextStreamId = role.firstStreamId();
  }

  public Role role() {
    return role;
  }

  public YamuxConfig config() {
    return config;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Streams open in either direction (not yet closed both ways nor reset). */
  public int streamCount() {
    return streams.size();
  }

  /** The last measured ping round trip, once a ping was answered. */
  public Optional<Duration> rtt() {
    return rttNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rttNanos));
  }

  /**
   * Opens a stream: sends its SYN (a window update announcing any window beyond 256 KiB) at once,
   * so data can follow without waiting for the peer's ACK.
   *
   * @throws YamuxException when the session is closed or going away, or a stream limit is reached
   */
  public YamuxStream openStream() {
    if (closed) {
      throw new YamuxException("cannot open a stream: the yamux session is closed");
    }
    if (remoteGoAway || localGoAway) {
      throw new YamuxException("cannot open a stream: " + (remoteGoAway ? "the peer" : "this side")
          + " sent GoAway; open it on a new connection");
    }
    if (outboundStreams >= config.maxOutboundStreams()) {
      throw new YamuxException("cannot open a stream: " + outboundStreams + " outbound streams are open, the limit"
          + " (maxOutboundStreams) is " + config.maxOutboundStreams());
    }
    if (unacknowledged >= config.maxAckBacklog()) {
      throw new YamuxException("cannot open a stream: the peer has not acknowledged " + unacknowledged
          + " streams yet (maxAckBacklog " + config.maxAckBacklog() + ")");
    }
    if (nextStreamId > FrameHeader.MAX_U32) {
      throw new YamuxException("cannot open a stream: stream ids are exhausted; use a new connection");
    }
    int id = (int) nextStreamId;
    nextStreamId += 2;
    YamuxStream stream = new YamuxStream(this, id, true);
    streams.put(id, stream);
    outboundStreams++;
    unacknowledged++;
    enter();
    try {
      stream.sendWindowUpdate(Flags.SYN);
    } finally {
      exit();
    }
    return stream;
  }

  /**
   * Feeds bytes received from the connection; ownership of {@code in} passes to the session.
   * Partial frames are kept until the rest arrives.
   */
  public void onBytes(ByteBuf in) {
    if (closed) {
      in.release();
      return;
    }
    enter();
    reading = true;
    try {
      reader.append(in, out.alloc());
      while (!closed) {
        boolean fresh = !reader.hasPendingHeader();
        FrameHeader h = reader.header(config.maxFrameLength());
        if (h == null) {
          break;
        }
        if (fresh) {
          checkBeforePayload(h);
        }
        ByteBuf payload = reader.takePayload();
        if (payload == null) {
          break;
        }
        handle(h, payload);
      }
    } catch (YamuxException e) {
      fail(GoAwayCode.PROTOCOL_ERROR, e);
    } catch (RuntimeException e) {
      fail(GoAwayCode.INTERNAL_ERROR, new YamuxException("internal error while reading yamux frames: " + e, e));
    } finally {
      reading = false;
      if (closed) {
        reader.release();
      } else {
        reader.releaseIfDrained();
      }
      exit();
    }
  }

  /**
   * Sends a ping (SYN) carrying a fresh opaque value and returns that value; while one is
   * unanswered, returns its value and sends nothing.
   */
  public long ping() {
    if (closed) {
      throw new YamuxException("cannot ping: the yamux session is closed");
    }
    if (pingOpaque >= 0) {
      return pingOpaque;
    }
    pingOpaque = nextPingOpaque;
    nextPingOpaque = (nextPingOpaque + 1) & FrameHeader.MAX_U32;
    pingSentAt = nanoClock.getAsLong();
    enter();
    try {
      send(FrameHeader.ping(Flags.SYN, pingOpaque));
    } finally {
      exit();
    }
    return pingOpaque;
  }

  /**
   * One keep-alive period passed: pings, or ends the session when the previous ping is still
   * unanswered (the peer or the path is gone).
   */
  public void keepAliveTick() {
    if (closed) {
      return;
    }
    if (pingOpaque >= 0) {
      enter();
      try {
        fail(GoAwayCode.INTERNAL_ERROR, new YamuxException("the peer did not answer keep-alive ping " + pingOpaque
            + " within one keep-alive interval"));
      } finally {
        exit();
      }
      return;
    }
    ping();
  }

  /** Sends GoAway NORMAL: neither side opens new streams; open streams carry on. */
  public void goAway() {
    if (closed || localGoAway) {
      return;
    }
    enter();
    try {
      sendGoAway(GoAwayCode.NORMAL);
    } finally {
      exit();
    }
  }

  /** Ends the session: GoAway NORMAL (unless already sent), then every open stream is reset. */
  public void close() {
    close(GoAwayCode.NORMAL);
  }

  /** Ends the session with GoAway {@code code} (unless GoAway was already sent), resetting open streams. */
  public void close(GoAwayCode code) {
    if (closed) {
      return;
    }
    enter();
    try {
      if (!localGoAway) {
        sendGoAway(code);
      }
      teardown(Optional.empty());
    } finally {
      exit();
    }
  }

  /**
   * The channel under the session failed (a Noise frame that failed authentication, a socket
   * error): ends the session with GoAway INTERNAL_ERROR and reports {@code cause} to the listener,
   * so the connection can tell this apart from a normal close.
   */
  void onChannelError(Throwable cause) {
    if (closed) {
      return;
    }
    enter();
    try {
      fail(GoAwayCode.INTERNAL_ERROR, new YamuxException("the channel under the session failed: " + cause.getMessage(),
          cause));
    } finally {
      exit();
    }
  }

  /** The connection is gone: open streams are reset; a frame cut short is reported as an error. */
  public void onTransportClosed() {
    if (closed) {
      return;
    }
    int partial = reader.partialBytes();
    teardown(partial == 0 ? Optional.empty() : Optional.of(new YamuxException(
        "the connection closed in the middle of a yamux frame (" + partial + " bytes of it received)")));
  }

  // ---- frames in

  /** Judges a data frame by its header alone, so a frame beyond its window is never buffered. */
  private void checkBeforePayload(FrameHeader h) {
    if (h.type() != FrameType.DATA || h.length() == 0) {
      return;
    }
    if (h.has(Flags.SYN)) {
      if (h.length() > YamuxConfig.SPEC_INITIAL_WINDOW) {
        throw new YamuxException("data frame of " + h.length() + " bytes opening stream " + h.streamIdText()
            + " exceeds the initial window of " + YamuxConfig.SPEC_INITIAL_WINDOW + " bytes");
      }
      return;
    }
    YamuxStream s = streams.get(h.streamId());
    if (s != null) {
      s.checkInbound(h.length());
    }
  }

  private void handle(FrameHeader h, ByteBuf payload) {
    switch (h.type()) {
      case PING -> {
        if (h.has(Flags.SYN)) {
          send(FrameHeader.ping(Flags.ACK, h.length()));
        } else if (h.length() == pingOpaque) {
          rttNanos = nanoClock.getAsLong() - pingSentAt;
          pingOpaque = -1;
        } else {
          LOG.debug("ignoring an unsolicited ping answer {}", h.length());
        }
      }
      case GO_AWAY -> onGoAway(GoAwayCode.ofCode(h.length()));
      case DATA, WINDOW_UPDATE -> {
        YamuxStream s = h.has(Flags.SYN) ? acceptInbound(h.streamId()) : streams.get(h.streamId());
        if (s == null) {
          // A stream reset or refused here may still have frames in flight: drop them quietly.
          payload.release();
          return;
        }
        s.onFrame(h, payload);
      }
    }
  }

  private YamuxStream acceptInbound(int id) {
    String idText = Integer.toUnsignedString(id);
    if (role.ownsId(id)) {
      throw new YamuxException("the peer opened stream " + idText + ", an id of this side's parity; both sides"
          + " think they are the " + (role == Role.CLIENT ? "client (dialer)" : "server (listener)"));
    }
    if (streams.containsKey(id)) {
      throw new YamuxException("duplicate SYN for stream " + idText + ", which is open");
    }
    if (Integer.compareUnsigned(id, lastInboundId) <= 0) {
      throw new YamuxException("SYN for stream " + idText + " after stream " + Integer.toUnsignedString(lastInboundId)
          + ": inbound stream ids must increase");
    }
    lastInboundId = id;
    if (localGoAway || inboundStreams >= config.maxInboundStreams()) {
      LOG.debug("refusing inbound stream {}: {}", idText, localGoAway ? "GoAway sent" : "stream limit reached");
      send(FrameHeader.windowUpdate(Flags.RST, id, 0));
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false);
    streams.put(id, stream);
    inboundStreams++;
    try {
      listener.onInboundStream(stream);
    } catch (RuntimeException e) {
      LOG.warn("the inbound stream listener failed on stream {}; resetting it", idText, e);
      stream.reset();
    }
    stream.acknowledge();
    return stream;
  }

  private void onGoAway(GoAwayCode code) {
    remoteGoAway = true;
    try {
      listener.onRemoteGoAway(code);
    } catch (RuntimeException e) {
      LOG.warn("the session listener failed on GoAway", e);
    }
    if (code != GoAwayCode.NORMAL && !closed) {
      teardown(Optional.of(new YamuxException("the peer ended the yamux session with GoAway " + code)));
    }
  }

  // ---- frames out and bookkeeping, used by the streams

  /** Starts a call that may write; the outermost call flushes. */
  void enter() {
    depth++;
  }

  void exit() {
    if (--depth == 0 && dirty) {
      dirty = false;
      out.flush();
    }
  }

  void send(FrameHeader h) {
    if (closed) {
      return;
    }
    ByteBuf b = out.alloc().buffer(FrameHeader.SIZE, FrameHeader.SIZE);
    h.encode(b);
    out.write(b);
    dirty = true;
  }

  void sendData(int flags, int streamId, ByteBuf payload) {
    if (closed) {
      payload.release();
      return;
    }
    send(FrameHeader.data(flags, streamId, payload.readableBytes()));
    out.write(payload);
  }

  boolean isOpen(YamuxStream stream) {
    return !closed && streams.get(stream.id()) == stream;
  }

  long nanoTime() {
    return nanoClock.getAsLong();
  }

  long rttNanos() {
    return rttNanos;
  }

  void acknowledged(YamuxStream stream) {
    if (stream.isOutbound()) {
      unacknowledged--;
    }
  }

  void remove(YamuxStream stream) {
    if (streams.remove(stream.id(), stream)) {
      if (stream.isOutbound()) {
        outboundStreams--;
        if (!stream.isAcknowledged()) {
          unacknowledged--;
        }
      } else {
        inboundStreams--;
      }
    }
  }

  private void sendGoAway(GoAwayCode code) {
    localGoAway = true;
    send(FrameHeader.goAway(code));
  }

  private void fail(GoAwayCode code, YamuxException error) {
    if (closed || failing) {
      return;
    }
    failing = true;
    LOG.debug("yamux session failed ({}): {}", code, error.getMessage());
    if (!localGoAway) {
      sendGoAway(code);
    }
    teardown(Optional.of(error));
  }

  private void teardown(Optional<YamuxException> error) {
    if (closed) {
      // Sending GoAway on a failed channel re-enters (the failed write fires exceptionCaught, and
      // YamuxHandler ends the session): the listener must hear of the end once, not twice.
      return;
    }
    closed = true;
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onSessionClosed();
    }
    streams.clear();
    inboundStreams = 0;
    outboundStreams = 0;
    unacknowledged = 0;
    if (!reading) {
      // onBytes releases it itself once its loop has stopped using it.
      reader.release();
    }
    try {
      listener.onClosed(error);
    } catch (RuntimeException e) {
      LOG.warn("the session listener failed on close", e);
    }
  }
}
