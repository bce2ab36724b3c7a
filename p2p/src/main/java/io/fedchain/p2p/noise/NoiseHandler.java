package io.fedchain.p2p.noise;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the libp2p Noise handshake on a Netty channel, then encrypts the {@link ByteBuf}s written
 * through it and decrypts what arrives. Install it where the channel's bytes become Noise (after
 * multistream-select agreed on {@code /noise}); it starts as soon as it is in the pipeline of an
 * active channel.
 *
 * <p>Success completes {@link #handshakeFuture()} and fires {@link NoiseHandshakeComplete}; writes
 * made before that are held and sent, in order, right after. Any failure (bad MAC, bad signature,
 * wrong peer, garbage, the handshake timeout, the connection closing mid-handshake) closes the
 * channel and completes the future exceptionally with a {@link NoiseException}; during the
 * handshake the cause goes nowhere else, afterwards it is also passed on as exceptionCaught.
 *
 * <p>One instance per channel; all state is touched on the channel's event loop, where the future
 * also completes (do not block in its callbacks).
 */
public final class NoiseHandler extends ChannelDuplexHandler {
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(NoiseHandler.class);

  private final NoiseHandshake handshake;
  private final Duration handshakeTimeout;
  private final CompletableFuture<SecureSession> result = new CompletableFuture<>();
  private final FrameReader reader = new FrameReader();
  private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
  private SecureSession session;
  private FrameDecryptor decryptor;
  private ScheduledFuture<?> timeout;
  private boolean started;
  private boolean failed;

  private record PendingWrite(ByteBuf data, ChannelPromise promise) {}

  public NoiseHandler(NoiseHandshake handshake, Duration handshakeTimeout) {
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("the handshake timeout must be positive, got " + handshakeTimeout);
    }
    this.handshake = handshake;
    this.handshakeTimeout = handshakeTimeout;
  }

  /** The dialer's side; with {@code expectedRemote} present any other peer is refused. */
  public static NoiseHandler initiator(Identity identity, Optional<PeerId> expectedRemote) {
    return new NoiseHandler(NoiseHandshake.initiator(identity, expectedRemote), DEFAULT_HANDSHAKE_TIMEOUT);
  }

  public static NoiseHandler responder(Identity identity) {
    return new NoiseHandler(NoiseHandshake.responder(identity), DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Completes with the session, or exceptionally with a {@link NoiseException}. */
  public CompletableFuture<SecureSession> handshakeFuture() {
    return result.copy();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    timeout = ctx.executor().schedule(() -> {
      if (session == null) {
        fail(ctx, new NoiseException("the Noise handshake did not complete within " + handshakeTimeout.toMillis() + " ms"));
      }
    }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      advanceHandshake(ctx);
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (failed) {
        return;
      }
      ByteBuffer bytes = in.nioBufferCount() == 1 ? in.nioBuffer() : ByteBuffer.wrap(ByteBufUtil.getBytes(in));
      while (!failed) {
        if (session == null) {
          Optional<byte[]> message = reader.read(bytes);
          if (message.isEmpty()) {
            break;
          }
          handshake.readMessage(message.get());
          advanceHandshake(ctx);
        } else {
          Optional<byte[]> plaintext = decryptor.read(bytes);
          if (plaintext.isEmpty()) {
            break;
          }
          if (plaintext.get().length > 0) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(plaintext.get()));
          }
        }
      }
    } catch (RuntimeException e) {
      fail(ctx, e);
    } finally {
      in.release();
    }
  }

  /** Sends our handshake messages while it is our turn, and finishes when the last one is done. */
  private void advanceHandshake(ChannelHandlerContext ctx) {
    while (!failed && handshake.isMyTurn()) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(NoiseFrames.frame(handshake.writeMessage())))
          .addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
              fail(ctx, new NoiseException("could not send a Noise handshake message", f.cause()));
            }
          });
    }
    // A handshake write can fail at once (channel closed), which has already failed us.
    if (!failed && handshake.isComplete()) {
      session = handshake.session();
      decryptor = new FrameDecryptor(session.receiveCipher(), reader);
      timeout.cancel(false);
      while (!pending.isEmpty()) {
        PendingWrite w = pending.poll();
        encryptAndWrite(ctx, w.data(), w.promise());
      }
      if (failed) {
        return;
      }
      ctx.flush();
      LOG.debug("Noise session with {} on {}", session.remotePeer(), ctx.channel());
      result.complete(session);
      ctx.fireUserEventTriggered(new NoiseHandshakeComplete(session));
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf data)) {
      ReferenceCountUtil.release(msg);
      promise.tryFailure(new IllegalArgumentException("a Noise channel carries ByteBufs, not " + msg.getClass().getName()));
      return;
    }
    if (failed) {
      data.release();
      promise.tryFailure(new NoiseException("the Noise channel has failed; nothing more can be sent"));
    } else if (session == null) {
      pending.add(new PendingWrite(data, promise));
    } else {
      encryptAndWrite(ctx, data, promise);
    }
  }

  private void encryptAndWrite(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
    ByteBuf frames;
    try {
      CipherState send = session.sendCipher();
      if (data.hasArray()) {
        frames = Unpooled.wrappedBuffer(NoiseFrames.encryptFrames(send, data.array(),
            data.arrayOffset() + data.readerIndex(), data.readableBytes()));
      } else {
        ByteBuffer plain = data.nioBufferCount() == 1 ? data.nioBuffer() : ByteBuffer.wrap(ByteBufUtil.getBytes(data));
        frames = Unpooled.wrappedBuffer(NoiseFrames.encryptFrames(send, plain));
      }
    } catch (RuntimeException e) {
      promise.tryFailure(e);
      fail(ctx, e);
      return;
    } finally {
      data.release();
    }
    ctx.write(frames, promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (session == null) {
      fail(ctx, cause);
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!result.isDone()) {
      fail(ctx, new NoiseException("the connection closed during the Noise handshake, at message "
          + handshake.nextMessageNumber() + " of 3"));
    }
    releasePending(new NoiseException("the connection closed"));
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (!result.isDone()) {
      result.completeExceptionally(new NoiseException("the Noise handler was removed before the handshake completed"));
    }
    releasePending(new NoiseException("the Noise handler was removed"));
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (failed) {
      return;
    }
    failed = true;
    NoiseException e = cause instanceof NoiseException n ? n
        : new NoiseException("the Noise channel failed: " + cause.getMessage(), cause);
    if (timeout != null) {
      timeout.cancel(false);
    }
    releasePending(e);
    boolean duringHandshake = result.completeExceptionally(e);
    LOG.debug("closing {}: {}", ctx.channel(), e.getMessage());
    ctx.close();
    if (!duringHandshake) {
      ctx.fireExceptionCaught(e);
    }
  }

  private void releasePending(Throwable cause) {
    while (!pending.isEmpty()) {
      PendingWrite w = pending.poll();
      w.data().release();
      w.promise().tryFailure(cause);
    }
  }
}
