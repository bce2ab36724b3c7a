package io.fedchain.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fedchain.p2p.host.Connection;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.host.PeerInfo;
import io.fedchain.p2p.identify.IdentifyService;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.ping.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * fedchain's libp2p against js-libp2p (versions pinned in src/test/js/package.json): Noise, yamux,
 * identify and ping, each side dialing.
 */
class JsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Host host;
  private IdentifyService identify;
  private PingService ping;

  private void startHost() {
    host = new Host(HostConfig.defaults(Identity.random()));
    identify = new IdentifyService(host);
    ping = new PingService(host);
    host.start();
  }

  private JsPeer js(String... args) throws Exception {
    JsPeer p = new JsPeer(List.of(args));
    closeables.add(p);
    return p;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private void checkIdentifyAndPing(JsPeer js, PeerId jsId, CompletableFuture<PeerInfo> jsInfo) throws Exception {
    PeerInfo info = jsInfo.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(info.agentVersion().startsWith("js-libp2p/"), info.agentVersion());
    assertTrue(info.protocols().contains("/ipfs/ping/1.0.0"), info.protocols().toString());
    JsonNode theirView = js.await("identify of us", e -> "identify".equals(e.path("type").asText())
        && host.peerId().toBase58().equals(e.path("peer").asText()), WAIT);
    assertEquals("fedchain/0.1.0", theirView.path("agentVersion").asText());
    assertTrue(theirView.path("protocols").toString().contains("/ipfs/id/1.0.0"), theirView.toString());
    assertEquals(io.fedchain.p2p.host.PeerInfo.class, info.getClass());
    assertEquals(java.util.HexFormat.of().formatHex(host.identity().publicKey().toProtobuf()),
        theirView.path("publicKeyHex").asText());
    Duration rtt = ping.ping(jsId, Duration.ofSeconds(10)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(rtt.toMillis() < 10_000);
    // js pings us on connect; it closes the connection if that fails.
    js.await("js ping of us", e -> "ping".equals(e.path("type").asText())
        && host.peerId().toBase58().equals(e.path("peer").asText()), WAIT);
  }

  @Test
  void jsDialsUs() throws Exception {
    startHost();
    CompletableFuture<PeerInfo> jsInfo = new CompletableFuture<>();
    identify.addListener((peer, info) -> jsInfo.complete(info));
    JsPeer js = js("--dial", host.listenAddrs().get(0).toString());
    PeerId jsId = PeerId.fromBase58(js.awaitType("ready", WAIT).path("peerId").asText());
    js.await("connect", e -> "connect".equals(e.path("type").asText()), WAIT);
    checkIdentifyAndPing(js, jsId, jsInfo);
    assertTrue(host.connection(jsId).map(c -> !c.isOutbound()).orElse(false));
  }

  @Test
  void weDialJs() throws Exception {
    startHost();
    CompletableFuture<PeerInfo> jsInfo = new CompletableFuture<>();
    identify.addListener((peer, info) -> jsInfo.complete(info));
    JsPeer js = js();
    JsonNode ready = js.awaitType("ready", WAIT);
    PeerId jsId = PeerId.fromBase58(ready.path("peerId").asText());
    Connection c = host.dial(Multiaddr.parse(ready.path("listenAddrs").get(0).asText())).get(WAIT.toSeconds(),
        TimeUnit.SECONDS);
    assertEquals(jsId, c.remotePeer());
    checkIdentifyAndPing(js, jsId, jsInfo);
  }
}
