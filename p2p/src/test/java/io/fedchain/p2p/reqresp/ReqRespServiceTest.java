package io.fedchain.p2p.reqresp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request/response between two hosts over loopback sockets. */
class ReqRespServiceTest {
  private static final String ECHO = "/fedchain/test/echo/1";
  private static final String SLOW = "/fedchain/test/slow/1";
  private static final String FAIL = "/fedchain/test/fail/1";
  private final List<String> penalties = new CopyOnWriteArrayList<>();
  private Host server;
  private Host client;
  private ReqRespService clientSide;

  @BeforeEach
  void start() throws Exception {
    server = new Host(HostConfig.defaults(Identity.random()));
    client = new Host(HostConfig.defaults(Identity.random()));
    ReqRespService serverSide = new ReqRespService(server, (peer, why) -> penalties.add(why));
    clientSide = new ReqRespService(client, (peer, why) -> penalties.add(why));
    ReqRespService.Limits small = new ReqRespService.Limits(1024, 4 << 20, Duration.ofSeconds(5), 5, 5);
    serverSide.register(ECHO, small, (peer, req) -> {
      byte[] out = new byte[req.length * 1000];
      for (int i = 0; i < out.length; i++) {
        out[i] = req[i % req.length];
      }
      return CompletableFuture.completedFuture(out);
    });
    serverSide.register(SLOW, small, (peer, req) -> new CompletableFuture<>());
    serverSide.register(FAIL, small, (peer, req) -> CompletableFuture.failedFuture(
        new IllegalArgumentException("no block at height " + new String(req, StandardCharsets.UTF_8))));
    server.start();
    client.start();
    client.dial(server.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private byte[] request(String protocol, byte[] req, Duration timeout) throws Exception {
    return clientSide.request(server.peerId(), protocol, req,
        new ReqRespService.Limits(1024, 4 << 20, timeout, 100, 100)).get(20, TimeUnit.SECONDS);
  }

  @Test
  void shouldAnswerARequestWithALargeResponse() throws Exception {
    byte[] resp = request(ECHO, new byte[] {1, 2, 3}, Duration.ofSeconds(5));
    assertEquals(3000, resp.length);
    assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(resp, 3));
  }

  @Test
  void shouldReportTheServersErrorAsInvalidRequest() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> request(FAIL, "42".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)));
    RequestException r = (RequestException) e.getCause();
    assertEquals(Status.INVALID_REQUEST, r.status());
    assertTrue(r.getMessage().contains("no block at height 42"), r.getMessage());
  }

  @Test
  void shouldTimeOutWhenThePeerDoesNotAnswer() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> request(SLOW, new byte[] {1}, Duration.ofMillis(300)));
    assertEquals(Status.NO_RESPONSE, ((RequestException) e.getCause()).status());
  }

  @Test
  void shouldRefuseAnOversizeRequestBeforeSendingIt() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> request(ECHO, new byte[2000], Duration.ofSeconds(5)));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
  }

  @Test
  void serverShouldRejectAnOversizeRequestAndPenaliseThePeer() throws Exception {
    // The client's own limit allows it; the server's (1 KiB) does not.
    ExecutionException e = assertThrows(ExecutionException.class, () -> clientSide.request(server.peerId(), ECHO,
        new byte[4000], new ReqRespService.Limits(8192, 1 << 20, Duration.ofSeconds(5), 10, 10))
        .get(20, TimeUnit.SECONDS));
    assertEquals(Status.INVALID_REQUEST, ((RequestException) e.getCause()).status());
    assertTrue(penalties.stream().anyMatch(p -> p.contains("malformed request")), penalties.toString());
  }

  @Test
  void shouldRateLimitAPeer() throws Exception {
    List<Status> outcomes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      try {
        request(ECHO, new byte[] {(byte) i}, Duration.ofSeconds(5));
        outcomes.add(Status.OK);
      } catch (ExecutionException e) {
        outcomes.add(((RequestException) e.getCause()).status());
      }
    }
    // A burst of 5 is allowed at 5 requests/s; 12 back-to-back requests exceed it.
    assertTrue(outcomes.contains(Status.RATE_LIMITED), outcomes.toString());
    assertEquals(Status.OK, outcomes.get(0));
    assertTrue(penalties.stream().anyMatch(p -> p.contains("rate limit")), penalties.toString());
  }

  @Test
  void requestingAnUnconnectedPeerShouldFail() {
    PeerId stranger = Identity.random().peerId();
    assertThrows(ExecutionException.class, () -> clientSide.request(stranger, ECHO, new byte[1],
        ReqRespService.Limits.of(1024, 1024)).get(5, TimeUnit.SECONDS));
  }
}
