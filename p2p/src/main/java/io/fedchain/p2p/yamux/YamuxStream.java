package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux stream: a reliable, ordered, flow-controlled byte stream, half-closable each way. Same
 * threading as its {@link YamuxSession}: one thread, callbacks inside the call that caused them.
 *
 * <p>Writes never block: what the peer's window does not admit is queued and goes out as window
 * updates arrive ({@link #queuedBytes()}, {@link Handler#onWritable}). Received data waits in the
 * stream until a handler is set; that backlog is bounded by the receive window, since credit is
 * only returned for data the application consumed. A stream with unread data stays open (and
 * counts against the stream limit) until it is read or reset.
 */
public final class YamuxStream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);

  /** What the application hears from a stream. */
  public interface Handler {
    /** Data in order; ownership of {@code data} passes to the handler, which must release it. */
    void onData(YamuxStream stream, ByteBuf data);

    /** The peer sent FIN: no more data will come. Writing is still allowed. */
    default void onRemoteClose(YamuxStream stream) {}

    /** The peer reset the stream or the session ended; queued writes were dropped. */
    default void onReset(YamuxStream stream) {}

    /** Writes that waited for the peer's window have all been sent. */
    default void onWritable(YamuxStream stream) {}
  }

  private final YamuxSession session;
  private final int id;
  private final boolean outbound;

  private Handler handler;
  private boolean autoConsume = true;

  private boolean ackPending;
  private boolean acknowledged;
  private boolean finRequested;
  private boolean finSent;
  private boolean remoteFin;
  private boolean remoteCloseNotified;
  private boolean reset;
  private boolean resetNotified;
  private boolean delivering;

  private long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
  private final ArrayDeque<ByteBuf> writeQueue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean blocked;

  /** The window the peer may fill: credit given plus bytes held or consumed but not credited. */
  private long recvWindow;
  /** Bytes the peer may still send. */
  private long recvCredit = YamuxConfig.SPEC_INITIAL_WINDOW;
  /** Received, not yet consumed by the application (waiting for a handler, or unconfirmed). */
  private long unconsumed;
  /** Consumed, not yet returned to the peer in a window update. */
  private long consumedUncredited;
  private long epochStart;
  private final ArrayDeque<ByteBuf> inbox = new ArrayDeque<>();

  YamuxStream(YamuxSession session, int id, boolean outbound) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.ackPending = !outbound;
    this.recvWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
    this.epochStart = session.nanoTime();
  }

  public int id() {
    return id;
  }

  public boolean isOutbound() {
    return outbound;
  }

  public YamuxSession session() {
    return session;
  }

  /** Sets who receives this stream's events; data and events that waited for a handler follow now. */
  public void setHandler(Handler handler) {
    this.handler = handler;
    if (handler != null && !delivering) {
      session.enter();
      try {
        drainInbox();
      } finally {
        session.exit();
      }
    }
  }

  /**
   * With auto-consume on (the default) data counts as consumed once {@link Handler#onData}
   * returns. Off, the application reports consumption with {@link #consumed}, and the peer stalls
   * when a window's worth is unconsumed: backpressure for a slow reader.
   */
  public void setAutoConsume(boolean on) {
    this.autoConsume = on;
  }

  /**
   * Reports that the application is done with {@code bytes} delivered bytes (auto-consume off).
   * After a reset there is nothing left to credit and the call does nothing.
   */
  public void consumed(int bytes) {
    if (autoConsume) {
      throw new IllegalStateException("stream " + idText() + " consumes on delivery; call setAutoConsume(false) first");
    }
    if (reset || session.isClosed()) {
      return;
    }
    if (bytes < 0 || bytes > unconsumed - inboxBytes()) {
      throw new IllegalArgumentException("consumed(" + bytes + ") on stream " + idText() + ", but "
          + (unconsumed - inboxBytes()) + " delivered bytes are unconsumed");
    }
    session.enter();
    try {
      credit(bytes);
    } finally {
      session.exit();
    }
  }

  /**
   * Sends {@code data} (ownership passes to the stream) in frames of at most the peer's window and
   * {@link YamuxConfig#maxDataFrameSize()}; what does not fit the window is queued.
   *
   * @throws YamuxException when the stream was reset or the session is closed
   * @throws IllegalStateException after {@link #closeWrite()}
   */
  public void write(ByteBuf data) {
    if (reset || session.isClosed()) {
      data.release();
      throw new YamuxException("cannot write to stream " + idText() + ": "
          + (reset ? "it was reset" : "the yamux session is closed"));
    }
    if (finRequested) {
      data.release();
      throw new IllegalStateException("write to stream " + idText() + " after closeWrite()");
    }
    if (!data.isReadable()) {
      data.release();
      return;
    }
    writeQueue.add(data);
    queuedBytes += data.readableBytes();
    session.enter();
    try {
      flushQueue();
    } finally {
      session.exit();
    }
  }

  /**
   * Half-closes: FIN goes out after the queued data. Repeated calls, and calls on a reset stream or
   * a closed session, do nothing.
   */
  public void closeWrite() {
    if (finRequested || reset || session.isClosed()) {
      return;
    }
    finRequested = true;
    session.enter();
    try {
      flushQueue();
    } finally {
      session.exit();
    }
  }

  /** Aborts both directions at once: RST to the peer, queued and unread data dropped, no callback. */
  public void reset() {
    if (reset || !session.isOpen(this)) {
      return;
    }
    reset = true;
    resetNotified = true;
    dropBuffers();
    session.enter();
    try {
      session.send(FrameHeader.windowUpdate(Flags.RST, id, 0));
      session.remove(this);
    } finally {
      session.exit();
    }
  }

  /** Bytes written but waiting for the peer's window. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** Bytes the peer currently lets us send. */
  public long sendWindow() {
    return sendWindow;
  }

  /** The current receive window size (grows with auto-tuning). */
  public long receiveWindow() {
    return recvWindow;
  }

  public boolean isWriteClosed() {
    return finRequested;
  }

  public boolean isRemoteClosed() {
    return remoteFin;
  }

  public boolean isReset() {
    return reset;
  }

  boolean isAcknowledged() {
    return acknowledged;
  }

  @Override
  public String toString() {
    return "yamux stream " + idText() + (outbound ? " (outbound)" : " (inbound)");
  }

  // ---- driven by the session

  /**
   * Sends the ACK of an inbound stream, and the configured window, unless frames the listener
   * wrote already carried them.
   */
  void acknowledge() {
    boolean unannounced = recvWindow < session.config().initialStreamWindow();
    if ((ackPending || unannounced) && !reset && !session.isClosed()) {
      sendWindowUpdate(0);
    }
  }

  void checkInbound(long length) {
    if (remoteFin) {
      throw new YamuxException("data frame of " + length + " bytes on stream " + idText() + " after its FIN");
    }
    if (length > recvCredit) {
      throw new YamuxException("data frame of " + length + " bytes on stream " + idText()
          + " exceeds its receive window: " + recvCredit + " bytes left of " + recvWindow);
    }
  }

  void onFrame(FrameHeader h, ByteBuf payload) {
    if (reset) {
      payload.release();
      return;
    }
    if (h.has(Flags.ACK) && outbound && !acknowledged) {
      acknowledged = true;
      session.acknowledged(this);
    }
    if (h.has(Flags.RST)) {
      payload.release();
      onRemoteReset();
      return;
    }
    if (h.type() == FrameType.WINDOW_UPDATE) {
      payload.release();
      if (h.length() > 0) {
        onWindowUpdate(h.length());
      }
    } else if (payload.isReadable()) {
      receive(payload);
    } else {
      payload.release();
    }
    if (h.has(Flags.FIN) && !remoteFin && !reset) {
      remoteFin = true;
      drainInbox();
      removeIfDone();
    }
  }

  void onSessionClosed() {
    if (reset) {
      return;
    }
    reset = true;
    dropBuffers();
    notifyReset();
  }

  /** Sends a window update returning consumed credit, with {@code flags} and any pending ACK. */
  void sendWindowUpdate(int flags) {
    long grow;
    if (recvWindow < session.config().initialStreamWindow()) {
      // The first update announces a configured window beyond the 256 KiB both sides assume.
      grow = session.config().initialStreamWindow() - recvWindow;
    } else if (flags == 0 && !ackPending) {
      grow = autoTune();
    } else {
      grow = 0;
    }
    recvWindow += grow;
    long delta = consumedUncredited + grow;
    consumedUncredited = 0;
    recvCredit += delta;
    session.send(FrameHeader.windowUpdate(flags | takeAck(), id, delta));
  }

  // ---- internals

  private void receive(ByteBuf payload) {
    int n = payload.readableBytes();
    checkInbound(n);
    recvCredit -= n;
    unconsumed += n;
    inbox.add(payload);
    drainInbox();
  }

  /** Delivers waiting data, then a remote FIN or reset, while a handler is set. */
  private void drainInbox() {
    if (handler == null || delivering) {
      return;
    }
    delivering = true;
    try {
      while (handler != null && !inbox.isEmpty()) {
        ByteBuf data = inbox.poll();
        int n = data.readableBytes();
        Handler h = handler;
        if (!call(() -> h.onData(this, data))) {
          return;
        }
        if (autoConsume && !reset) {
          credit(n);
        }
      }
      if (handler != null && remoteFin && !remoteCloseNotified && !reset) {
        remoteCloseNotified = true;
        Handler h = handler;
        call(() -> h.onRemoteClose(this));
      }
      if (handler != null && reset && !resetNotified) {
        notifyReset();
      }
    } finally {
      delivering = false;
    }
    removeIfDone();
  }

  private void credit(int bytes) {
    unconsumed -= bytes;
    consumedUncredited += bytes;
    if (!remoteFin && !reset && !session.isClosed() && consumedUncredited >= recvWindow / 2) {
      sendWindowUpdate(0);
    }
  }

  /**
   * go-yamux's receive window auto-tuning: when the window was consumed in less than four round
   * trips since the last update, the window limited throughput, so it doubles (up to the max).
   */
  private long autoTune() {
    long now = session.nanoTime();
    long rtt = session.rttNanos();
    long grow = 0;
    int max = session.config().maxStreamWindow();
    if (rtt >= 0 && recvWindow < max && now - epochStart < 4 * rtt) {
      grow = Math.min(recvWindow, max - recvWindow);
    }
    epochStart = now;
    return grow;
  }

  private int takeAck() {
    if (ackPending) {
      ackPending = false;
      return Flags.ACK;
    }
    return 0;
  }

  private void onWindowUpdate(long delta) {
    if (sendWindow + delta > FrameHeader.MAX_U32) {
      throw new YamuxException("window update of " + delta + " on stream " + idText() + " would raise its send window to "
          + (sendWindow + delta) + ", beyond 32 bits");
    }
    sendWindow += delta;
    flushQueue();
    if (blocked && writeQueue.isEmpty() && handler != null && !reset) {
      blocked = false;
      Handler h = handler;
      call(() -> h.onWritable(this));
    }
  }

  private void flushQueue() {
    int maxFrame = session.config().maxDataFrameSize();
    while (!writeQueue.isEmpty() && sendWindow > 0) {
      ByteBuf head = writeQueue.peek();
      int n = (int) Math.min(Math.min(sendWindow, maxFrame), head.readableBytes());
      ByteBuf chunk = head.readRetainedSlice(n);
      if (!head.isReadable()) {
        writeQueue.poll().release();
      }
      queuedBytes -= n;
      sendWindow -= n;
      int flags = takeAck();
      if (finRequested && writeQueue.isEmpty()) {
        flags |= Flags.FIN;
        finSent = true;
      }
      session.sendData(flags, id, chunk);
    }
    if (!writeQueue.isEmpty()) {
      blocked = true;
    }
    if (finRequested && !finSent && writeQueue.isEmpty()) {
      finSent = true;
      session.send(FrameHeader.windowUpdate(Flags.FIN | takeAck(), id, 0));
    }
    removeIfDone();
  }

  private void onRemoteReset() {
    reset = true;
    dropBuffers();
    session.remove(this);
    notifyReset();
  }

  private void notifyReset() {
    if (handler == null || resetNotified) {
      return;
    }
    resetNotified = true;
    Handler h = handler;
    call(() -> h.onReset(this));
  }

  /**
   * A stream closed both ways leaves the session (and its stream limit) once no data waits in it;
   * a handler set later still hears of the remote FIN.
   */
  private void removeIfDone() {
    if (finSent && remoteFin && inbox.isEmpty()) {
      session.remove(this);
    }
  }

  /** Runs a handler callback; one that throws resets the stream. Returns whether it did not. */
  private boolean call(Runnable callback) {
    try {
      callback.run();
      return true;
    } catch (RuntimeException e) {
      LOG.warn("handler of {} failed; resetting the stream", this, e);
      reset();
      return false;
    }
  }

  private long inboxBytes() {
    long n = 0;
    for (ByteBuf b : inbox) {
      n += b.readableBytes();
    }
    return n;
  }

  private void dropBuffers() {
    for (ByteBuf b : writeQueue) {
      b.release();
    }
    writeQueue.clear();
    queuedBytes = 0;
    for (ByteBuf b : inbox) {
      b.release();
    }
    inbox.clear();
    unconsumed = 0;
  }

  private String idText() {
    return Integer.toUnsignedString(id);
  }
}
