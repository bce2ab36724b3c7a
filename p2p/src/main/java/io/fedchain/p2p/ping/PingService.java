package io.fedchain.p2p.ping;

import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.P2PStream;
import io.fedchain.p2p.host.StreamHandler;
import io.fedchain.p2p.identity.PeerId;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ping ({@code /ipfs/ping/1.0.0}): the dialer sends 32 random bytes, the listener echoes them; the
 * round trip is the latency. The listener echoes every 32-byte block until the stream closes.
 */
public final class PingService {
  public static final String PROTOCOL = "/ipfs/ping/1.0.0";
  private static final int SIZE = 32;

  private final Host host;
  private final SecureRandom random = new SecureRandom();

  public PingService(Host host) {
    this.host = host;
    host.setStreamHandler(PROTOCOL, Echo::new);
  }

  private static final class Echo implements StreamHandler {
    private final byte[] block = new byte[SIZE];
    private int filled;

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      try {
        while (data.isReadable()) {
          int n = Math.min(SIZE - filled, data.readableBytes());
          data.readBytes(block, filled, n);
          filled += n;
          if (filled == SIZE) {
            stream.write(block.clone());
            filled = 0;
          }
        }
      } finally {
        data.release();
      }
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      stream.closeWrite();
    }
  }

  /** Round-trip time to a connected peer. */
  public CompletableFuture<Duration> ping(PeerId peer, Duration timeout) {
    byte[] payload = new byte[SIZE];
    random.nextBytes(payload);
    CompletableFuture<Duration> result = new CompletableFuture<>();
    long[] sentAt = new long[1];
    host.newStream(peer, List.of(PROTOCOL), new StreamHandler() {
      private final byte[] echo = new byte[SIZE];
      private int filled;

      @Override
      public void onOpen(P2PStream stream) {
        sentAt[0] = System.nanoTime();
        stream.write(payload.clone());
        stream.eventLoop().schedule(() -> {
          if (result.completeExceptionally(new TimeoutException("no ping answer from " + peer + " within "
              + timeout.toMillis() + " ms"))) {
            stream.reset();
          }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      }

      @Override
      public void onData(P2PStream stream, ByteBuf data) {
        try {
          int n = Math.min(SIZE - filled, data.readableBytes());
          data.readBytes(echo, filled, n);
          filled += n;
        } finally {
          data.release();
        }
        if (filled == SIZE) {
          Duration rtt = Duration.ofNanos(System.nanoTime() - sentAt[0]);
          if (Arrays.equals(echo, payload)) {
            result.complete(rtt);
          } else {
            result.completeExceptionally(new IllegalStateException(peer + " answered ping with other bytes"));
          }
          stream.closeWrite();
        }
      }

      @Override
      public void onReset(P2PStream stream) {
        result.completeExceptionally(new IllegalStateException("ping stream to " + peer + " was reset"));
      }
    }).exceptionally(e -> {
      result.completeExceptionally(e);
      return null;
    });
    return result;
  }
}
