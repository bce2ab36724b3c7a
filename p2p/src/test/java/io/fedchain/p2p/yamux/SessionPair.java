package io.fedchain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client and a server session wired back to back in memory. {@link #pump()} moves bytes both
 * ways until neither side has anything to say, cutting them into random chunks (seeded) so frames
 * arrive split at every possible point.
 */
final class SessionPair {
  final TrackingAllocator alloc = new TrackingAllocator();
  final Wire toServer = new Wire(alloc);
  final Wire toClient = new Wire(alloc);
  final Recorder clientEvents = new Recorder();
  final Recorder serverEvents = new Recorder();
  final AtomicLong clock = new AtomicLong();
  final YamuxSession client;
  final YamuxSession server;
  private final Random chunks;

  SessionPair(long seed) {
    this(seed, YamuxConfig.defaults(), YamuxConfig.defaults());
  }

  SessionPair(long seed, YamuxConfig clientConfig, YamuxConfig serverConfig) {
    chunks = new Random(seed);
    client = new YamuxSession(Role.CLIENT, clientConfig, toServer, clientEvents, clock::get);
    server = new YamuxSession(Role.SERVER, serverConfig, toClient, serverEvents, clock::get);
  }

  /** Delivers until both wires are quiet; returns the number of rounds. */
  int pump() {
    int rounds = 0;
    while (!toServer.isEmpty() || !toClient.isEmpty()) {
      if (++rounds > 100_000) {
        throw new AssertionError("the sessions never went quiet");
      }
      deliver(toServer, server);
      deliver(toClient, client);
    }
    return rounds;
  }

  /** One delivery in one direction only. */
  void deliverToServer() {
    deliver(toServer, server);
  }

  void deliverToClient() {
    deliver(toClient, client);
  }

  private void deliver(Wire wire, YamuxSession to) {
    if (wire.isEmpty()) {
      return;
    }
    ByteBuf all = wire.takeBuffer();
    while (all.isReadable()) {
      int n = Math.min(all.readableBytes(), chunkSize());
      to.onBytes(all.readRetainedSlice(n));
    }
    all.release();
  }

  private int chunkSize() {
    return switch (chunks.nextInt(4)) {
      case 0 -> 1 + chunks.nextInt(13);
      case 1 -> 1 + chunks.nextInt(1000);
      case 2 -> 1 + chunks.nextInt(100_000);
      default -> Integer.MAX_VALUE;
    };
  }

  ByteBuf bytes(byte[] data) {
    return alloc.bytes(data);
  }

  /** Asserts every buffer was released, after dropping what is still on the wires. */
  void assertAllReleased() {
    toServer.take();
    toClient.take();
    alloc.assertAllReleased();
  }
}
