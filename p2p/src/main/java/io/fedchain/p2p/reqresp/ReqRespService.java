package io.fedchain.p2p.reqresp;

import io.fedchain.p2p.host.Connection;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.MessageReader;
import io.fedchain.p2p.host.P2PStream;
import io.fedchain.p2p.host.StreamHandler;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoWriter;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response protocols (block and delta sync): one stream per request. The requester writes
 * one length-prefixed request and closes its half; the responder answers with a status byte and
 * one length-prefixed payload (the payload of an error is its UTF-8 message) and closes. Each side
 * enforces its size limits and a timeout; the responder rate-limits each peer and reports peers
 * that send malformed or excessive requests.
 */
public final class ReqRespService {
  private static final Logger LOG = LoggerFactory.getLogger(ReqRespService.class);

  /** Serves one protocol. Runs on the connection's event loop: hand slow work to another thread. */
  @FunctionalInterface
  public interface Handler {
    CompletableFuture<byte[]> handle(PeerId peer, byte[] request);
  }

  /** Limits of one protocol. */
  public record Limits(int maxRequest, int maxResponse, Duration timeout, double requestsPerSecond, double burst) {
    public static Limits of(int maxRequest, int maxResponse) {
      return new Limits(maxRequest, maxResponse, Duration.ofSeconds(10), 20, 40);
    }
  }

  private final Host host;
  /** Told about peers that misbehave on a request protocol (malformed, oversize, too many requests). */
  private final BiConsumer<PeerId, String> penalty;

  public ReqRespService(Host host, BiConsumer<PeerId, String> penalty) {
    this.host = host;
    this.penalty = penalty;
  }

  public void register(String protocol, Limits limits, Handler handler) {
    RateLimiter limiter = new RateLimiter(limits.requestsPerSecond(), limits.burst(), System::nanoTime);
    host.addListener(new Host.ConnectionListener() {
      @Override
      public void disconnected(Connection c) {
        limiter.forget(c.remotePeer());
      }
    });
    host.setStreamHandler(protocol, () -> new Responder(limits, handler, limiter));
  }

  private final class Responder implements StreamHandler {
    private final Limits limits;
    private final Handler handler;
    private final RateLimiter limiter;
    private final MessageReader reader;
    private boolean answered;

    Responder(Limits limits, Handler handler, RateLimiter limiter) {
      this.limits = limits;
      this.handler = handler;
      this.limiter = limiter;
      this.reader = new MessageReader(limits.maxRequest());
    }

    @Override
    public void onOpen(P2PStream stream) {
      stream.eventLoop().schedule(() -> {
        if (!answered) {
          answered = true;
          stream.reset();
        }
      }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      if (answered) {
        data.release();
        return;
      }
      List<byte[]> messages;
      try {
        messages = reader.read(data);
      } catch (ProtoException e) {
        reply(stream, Status.INVALID_REQUEST, e.getMessage());
        penalty.accept(stream.remotePeer(), "malformed request on " + stream.protocol() + ": " + e.getMessage());
        return;
      }
      if (messages.isEmpty()) {
        return;
      }
      if (!limiter.tryAcquire(stream.remotePeer())) {
        reply(stream, Status.RATE_LIMITED, "too many requests");
        penalty.accept(stream.remotePeer(), "request rate limit exceeded on " + stream.protocol());
        return;
      }
      answered = true;
      CompletableFuture<byte[]> response;
      try {
        response = handler.handle(stream.remotePeer(), messages.get(0));
      } catch (RuntimeException e) {
        response = CompletableFuture.failedFuture(e);
      }
      response.whenComplete((bytes, error) -> stream.eventLoop().execute(() -> {
        if (error != null) {
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          boolean invalid = cause instanceof IllegalArgumentException;
          write(stream, invalid ? Status.INVALID_REQUEST : Status.SERVER_ERROR, String.valueOf(cause.getMessage()));
          if (!invalid) {
            LOG.warn("{} handler failed for {}", stream.protocol(), stream.remotePeer(), cause);
          }
        } else if (bytes.length > limits.maxResponse()) {
          LOG.warn("{} response of {} bytes exceeds the limit of {}", stream.protocol(), bytes.length,
              limits.maxResponse());
          write(stream, Status.SERVER_ERROR, "response too large");
        } else {
          writeRaw(stream, Status.OK, bytes);
        }
      }));
    }

    private void reply(P2PStream stream, Status status, String message) {
      answered = true;
      write(stream, status, message);
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      if (!answered && reader.buffered() > 0) {
        reply(stream, Status.INVALID_REQUEST, "truncated request");
      }
    }
  }

  private static void write(P2PStream stream, Status status, String message) {
    writeRaw(stream, status, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void writeRaw(P2PStream stream, Status status, byte[] payload) {
    byte[] framed = ProtoWriter.lengthPrefixed(payload);
    byte[] out = new byte[1 + framed.length];
    out[0] = (byte) status.code();
    System.arraycopy(framed, 0, out, 1, framed.length);
    stream.write(out);
    stream.closeWrite();
  }

  /** Sends {@code request} to a connected peer and waits for its answer. */
  public CompletableFuture<byte[]> request(PeerId peer, String protocol, byte[] request, Limits limits) {
    if (request.length > limits.maxRequest()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("request of " + request.length
          + " bytes exceeds the limit of " + limits.maxRequest()));
    }
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    host.newStream(peer, List.of(protocol), new StreamHandler() {
      private final MessageReader reader = new MessageReader(limits.maxResponse());
      private int status = -1;

      @Override
      public void onOpen(P2PStream stream) {
        stream.write(ProtoWriter.lengthPrefixed(request));
        stream.closeWrite();
        stream.eventLoop().schedule(() -> {
          if (result.completeExceptionally(new RequestException(Status.NO_RESPONSE, peer + " did not answer "
              + protocol + " within " + limits.timeout().toMillis() + " ms"))) {
            stream.reset();
          }
        }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      }

      @Override
      public void onData(P2PStream stream, ByteBuf data) {
        if (result.isDone()) {
          data.release();
          return;
        }
        if (status < 0 && data.isReadable()) {
          status = data.readUnsignedByte();
        }
        try {
          List<byte[]> messages = reader.read(data);
          if (!messages.isEmpty()) {
            complete(messages.get(0));
          }
        } catch (ProtoException e) {
          result.completeExceptionally(new RequestException(Status.NO_RESPONSE, "malformed response from " + peer
              + ": " + e.getMessage()));
          stream.reset();
          penalty.accept(peer, "malformed response on " + protocol);
        }
      }

      private void complete(byte[] payload) {
        Status s;
        try {
          s = Status.of(status);
        } catch (IllegalArgumentException e) {
          result.completeExceptionally(new RequestException(Status.NO_RESPONSE, e.getMessage() + " from " + peer));
          return;
        }
        if (s == Status.OK) {
          result.complete(payload);
        } else {
          result.completeExceptionally(new RequestException(s, peer + " answered " + s + ": "
              + new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
        }
      }

      @Override
      public void onRemoteClose(P2PStream stream) {
        result.completeExceptionally(new RequestException(Status.NO_RESPONSE, peer + " closed " + protocol
            + " without a complete response"));
      }

      @Override
      public void onReset(P2PStream stream) {
        result.completeExceptionally(new RequestException(Status.NO_RESPONSE, peer + " reset " + protocol));
      }
    }).exceptionally(e -> {
      result.completeExceptionally(e);
      return null;
    });
    return result;
  }
}
