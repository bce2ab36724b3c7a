package io.fedchain.p2p.yamux;

import java.time.Duration;

/**
 * Limits and windows of a yamux session.
 *
 * @param initialStreamWindow receive window of a new stream; at least the spec's 256 KiB, which
 *     both sides assume, and announced in the SYN or ACK window update when larger
 * @param maxStreamWindow the receive window may double up to this when the application reads
 *     faster than four round trips per window (go-yamux's auto-tuning); equal to the initial
 *     window turns growth off
 * @param maxFrameLength the largest data frame accepted; at least {@code maxStreamWindow} since a
 *     peer may send its whole window in one frame (js-libp2p does)
 * @param maxDataFrameSize the largest data frame we send, so one stream cannot hold the connection
 *     for long
 * @param maxInboundStreams concurrent streams the peer may open; a SYN beyond it is answered RST
 * @param maxOutboundStreams concurrent streams we may open
 * @param maxAckBacklog streams we opened that the peer has not acknowledged yet (the libp2p spec
 *     asks for at most 256)
 * @param keepAliveInterval how often {@link YamuxHandler} pings; a ping unanswered for one interval
 *     ends the session; {@link Duration#ZERO} turns pings (and so window growth) off
 */
public record YamuxConfig(
    int initialStreamWindow,
    int maxStreamWindow,
    int maxFrameLength,
    int maxDataFrameSize,
    int maxInboundStreams,
    int maxOutboundStreams,
    int maxAckBacklog,
    Duration keepAliveInterval) {

  /** The window every stream starts with on both sides, by the spec. */
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  public YamuxConfig {
    if (initialStreamWindow < SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException("initialStreamWindow " + initialStreamWindow + " is below the spec's "
          + SPEC_INITIAL_WINDOW + " bytes, which the peer assumes and which cannot be shrunk");
    }
    if (maxStreamWindow < initialStreamWindow) {
      throw new IllegalArgumentException("maxStreamWindow " + maxStreamWindow + " is below initialStreamWindow "
          + initialStreamWindow);
    }
    if (maxFrameLength < maxStreamWindow) {
      throw new IllegalArgumentException("maxFrameLength " + maxFrameLength + " is below maxStreamWindow "
          + maxStreamWindow + ": a peer may send a whole window in one frame");
    }
    if (maxDataFrameSize < 1) {
      throw new IllegalArgumentException("maxDataFrameSize must be positive, got " + maxDataFrameSize);
    }
    if (maxInboundStreams < 0 || maxOutboundStreams < 0) {
      throw new IllegalArgumentException("stream limits must not be negative: inbound " + maxInboundStreams
          + ", outbound " + maxOutboundStreams);
    }
    if (maxAckBacklog < 1) {
      throw new IllegalArgumentException("maxAckBacklog must be positive, got " + maxAckBacklog);
    }
    if (keepAliveInterval == null || keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval must be zero (off) or positive, got " + keepAliveInterval);
    }
  }

  public static YamuxConfig defaults() {
    return new YamuxConfig(SPEC_INITIAL_WINDOW, 16 << 20, 16 << 20, 64 << 10, 1024, 1024, 256, Duration.ofSeconds(30));
  }

  public YamuxConfig withInitialStreamWindow(int v) {
    return new YamuxConfig(v, maxStreamWindow, maxFrameLength, maxDataFrameSize,
        maxInboundStreams, maxOutboundStreams, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxStreamWindow(int v) {
    return new YamuxConfig(initialStreamWindow, v, maxFrameLength, maxDataFrameSize, maxInboundStreams,
        maxOutboundStreams, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxFrameLength(int v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, v, maxDataFrameSize, maxInboundStreams,
        maxOutboundStreams, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxDataFrameSize(int v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameLength, v, maxInboundStreams,
        maxOutboundStreams, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxInboundStreams(int v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameLength, maxDataFrameSize, v,
        maxOutboundStreams, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxOutboundStreams(int v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameLength, maxDataFrameSize, maxInboundStreams,
        v, maxAckBacklog, keepAliveInterval);
  }

  public YamuxConfig withMaxAckBacklog(int v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameLength, maxDataFrameSize, maxInboundStreams,
        maxOutboundStreams, v, keepAliveInterval);
  }

  public YamuxConfig withKeepAliveInterval(Duration v) {
    return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameLength, maxDataFrameSize, maxInboundStreams,
        maxOutboundStreams, maxAckBacklog, v);
  }
}
