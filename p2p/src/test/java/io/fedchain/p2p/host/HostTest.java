package io.fedchain.p2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identify.IdentifyService;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.ping.PingService;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two or three hosts over real loopback sockets. */
class HostTest {
  private final java.util.List<Host> hosts = new java.util.ArrayList<>();

  private Host host(HostConfig cfg) {
    Host h = new Host(cfg);
    h.start();
    hosts.add(h);
    return h;
  }

  private Host host() {
    return host(HostConfig.defaults(Identity.random()));
  }

  @AfterEach
  void close() {
    hosts.forEach(Host::close);
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  /** Echoes everything back and closes when the dialer closes. */
  static final class EchoHandler implements StreamHandler {
    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      stream.write(data);
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      stream.closeWrite();
    }
  }

  /** Collects what arrives until the remote closes. */
  static final class Collector implements StreamHandler {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      byte[] b = new byte[data.readableBytes()];
      data.readBytes(b);
      data.release();
      bytes.writeBytes(b);
    }

    @Override
    public void onRemoteClose(P2PStream stream) {
      done.complete(bytes.toByteArray());
    }

    @Override
    public void onReset(P2PStream stream) {
      done.completeExceptionally(new IllegalStateException("reset"));
    }
  }

  @Test
  void shouldConnectIdentifyPingAndEchoOverStreams() throws Exception {
    Host a = host();
    Host b = host();
    new IdentifyService(a);
    IdentifyService idB = new IdentifyService(b);
    new PingService(a);
    PingService pingB = new PingService(b);
    a.setStreamHandler("/test/echo/1", EchoHandler::new);
    CompletableFuture<PeerInfo> identified = new CompletableFuture<>();
    idB.addListener((peer, info) -> identified.complete(info));

    Connection c = await(b.dial(a.listenAddrs().get(0)));
    assertEquals(a.peerId(), c.remotePeer());
    PeerInfo info = await(identified);
    assertTrue(info.protocols().contains("/test/echo/1"), info.toString());
    assertEquals(a.listenAddrs().get(0).withoutPeerId(), info.listenAddrs().get(0));
    Duration rtt = await(pingB.ping(a.peerId(), Duration.ofSeconds(10)));
    assertTrue(rtt.toMillis() < 10_000);

    byte[] payload = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(payload);
    Collector collector = new Collector();
    P2PStream s = await(b.newStream(a.peerId(), List.of("/test/missing/1", "/test/echo/1"), collector));
    assertEquals("/test/echo/1", s.protocol());
    s.write(payload);
    s.closeWrite();
    assertArrayEquals(payload, await(collector.done));
  }

  @Test
  void shouldFailAStreamForAnUnsupportedProtocol() throws Exception {
    Host a = host();
    Host b = host();
    await(b.dial(a.listenAddrs().get(0)));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> await(b.newStream(a.peerId(), List.of("/nope/1"), new Collector())));
    assertTrue(e.getCause().getMessage().contains("none of"), e.getCause().getMessage());
  }

  @Test
  void gaterShouldCloseConnectionsFromPeersNotAllowed() throws Exception {
    Identity member = Identity.random();
    ConnectionGater.AllowList allow = new ConnectionGater.AllowList(List.of(member.peerId()));
    Host a = host(HostConfig.defaults(Identity.random()).withGater(allow));
    a.setStreamHandler("/test/echo/1", EchoHandler::new);
    Host stranger = host();
    assertThrows(ExecutionException.class, () -> {
      Connection c = await(stranger.dial(a.listenAddrs().get(0)));
      // The dialer may see the connection before the listener's verdict arrives; its streams fail.
      await(c.openStream(List.of("/test/echo/1"), new Collector()));
    });
    assertTrue(a.connections().isEmpty());
    Host friend = host(HostConfig.defaults(member));
    await(friend.dial(a.listenAddrs().get(0)));
    // The listener registers the connection after the dialer's future completes.
    assertEquals(1, waitFor(() -> a.connections().size(), 1));
    // The allow-list changes at runtime.
    allow.replace(List.of(member.peerId(), stranger.peerId()));
    await(stranger.dial(a.listenAddrs().get(0)));
    assertEquals(2, waitFor(() -> a.connections().size(), 2));
  }

  @Test
  void dialingTheWrongPeerIdShouldFail() throws Exception {
    Host a = host();
    Host b = host();
    Multiaddr wrong = a.listenAddrs().get(0).withPeerId(Identity.random().peerId());
    assertThrows(ExecutionException.class, () -> await(b.dial(wrong)));
  }

  @Test
  void garbageShouldCloseOnlyThatConnection() throws Exception {
    Host a = host();
    a.setStreamHandler("/test/echo/1", EchoHandler::new);
    Multiaddr addr = a.listenAddrs().get(0);
    Random rng = new Random(9);
    for (int i = 0; i < 5; i++) {
      try (Socket s = new Socket(addr.host(), addr.port())) {
        byte[] junk = new byte[1 + rng.nextInt(2000)];
        rng.nextBytes(junk);
        OutputStream out = s.getOutputStream();
        out.write(junk);
        out.flush();
        s.setSoTimeout(5000);
        // The host closes the connection: read reaches end of stream (or the peer resets it).
        try {
          while (s.getInputStream().read() >= 0) {
            // drain what the host sent (its multistream header)
          }
        } catch (java.net.SocketException reset) {
          // closed by the host
        }
      }
    }
    Host b = host();
    Collector collector = new Collector();
    await(b.dial(addr));
    P2PStream st = await(b.newStream(a.peerId(), List.of("/test/echo/1"), collector));
    st.write(new byte[] {1, 2, 3});
    st.closeWrite();
    assertArrayEquals(new byte[] {1, 2, 3}, await(collector.done));
  }

  @Test
  void simultaneousDialsShouldLeaveOneConnection() throws Exception {
    Host a = host();
    Host b = host();
    CompletableFuture<Connection> ab = a.dial(b.listenAddrs().get(0));
    CompletableFuture<Connection> ba = b.dial(a.listenAddrs().get(0));
    await(ab);
    await(ba);
    assertEquals(1, waitFor(() -> a.connections().size(), 1));
    assertEquals(1, waitFor(() -> b.connections().size(), 1));
    assertTrue(a.connection(b.peerId()).isPresent());
    assertFalse(a.connection(a.peerId()).isPresent());
  }

  private static int waitFor(java.util.function.IntSupplier value, int want) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.getAsInt() != want && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return value.getAsInt();
  }
}
