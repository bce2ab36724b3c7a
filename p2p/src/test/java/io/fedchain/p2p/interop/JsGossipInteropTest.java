package io.fedchain.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fedchain.p2p.gossip.GossipConfig;
import io.fedchain.p2p.gossip.GossipMessage;
import io.fedchain.p2p.gossip.GossipMetrics;
import io.fedchain.p2p.gossip.GossipService;
import io.fedchain.p2p.gossip.MessageIdFunction;
import io.fedchain.p2p.gossip.PublishResult;
import io.fedchain.p2p.gossip.TopicHandler;
import io.fedchain.p2p.gossip.ValidationResult;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.HostConfig;
import io.fedchain.p2p.identify.IdentifyService;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.ping.PingService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gossipsub between fedchain and js-libp2p: two topics, both directions, a 1 MiB message, StrictSign
 * with every signature verified by the receiver (our router before delivery; js before its message
 * event). Each direction of dialing.
 */
class JsGossipInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String TOPIC_A = "/fedchain/interop/updates/ssz";
  private static final String TOPIC_B = "/fedchain/interop/votes/ssz";

  private Host host;
  private GossipService gossip;
  private JsPeer js;
  private final List<GossipMessage> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    host = new Host(HostConfig.defaults(Identity.random()));
    new IdentifyService(host);
    new PingService(host);
    GossipConfig cfg = GossipConfig.defaults().toBuilder().messageIdFunction(MessageIdFunction.PUBLIC_KEY_AND_SEQNO)
        .build();
    gossip = new GossipService(host, cfg, GossipMetrics.NOOP);
    TopicHandler collect = new TopicHandler() {
      @Override
      public ValidationResult validate(GossipMessage m) {
        return ValidationResult.accept();
      }

      @Override
      public void deliver(GossipMessage m) {
        received.add(m);
      }
    };
    gossip.subscribe(TOPIC_A, collect).get(5, TimeUnit.SECONDS);
    gossip.subscribe(TOPIC_B, collect).get(5, TimeUnit.SECONDS);
    host.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (js != null) {
      js.close();
    }
    gossip.close();
    host.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldDeliverSignedMessagesBothWaysOnTwoTopics(boolean jsDials) throws Exception {
    js = jsDials
        ? new JsPeer(List.of("--topic", TOPIC_A, "--topic", TOPIC_B, "--dial", host.listenAddrs().get(0).toString()))
        : new JsPeer(List.of("--topic", TOPIC_A, "--topic", TOPIC_B));
    JsonNode ready = js.awaitType("ready", WAIT);
    PeerId jsId = PeerId.fromBase58(ready.path("peerId").asText());
    if (!jsDials) {
      host.dial(Multiaddr.parse(ready.path("listenAddrs").get(0).asText())).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    for (String topic : List.of(TOPIC_A, TOPIC_B)) {
      js.await("our subscription to " + topic, e -> "subscribed".equals(e.path("type").asText())
          && topic.equals(e.path("topic").asText()) && host.peerId().toBase58().equals(e.path("peer").asText()), WAIT);
    }
    awaitTrue(() -> gossip.call(() -> gossip.router().topicsOf(jsId).containsAll(List.of(TOPIC_A, TOPIC_B)))
        .get(5, TimeUnit.SECONDS));

    // fedchain -> js
    byte[] small = "hello from fedchain".getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[1 << 20];
    new java.util.Random(4).nextBytes(big);
    assertTrue(gossip.publish(TOPIC_A, small).get(5, TimeUnit.SECONDS) instanceof PublishResult.Published);
    assertTrue(gossip.publish(TOPIC_B, big).get(5, TimeUnit.SECONDS) instanceof PublishResult.Published);
    for (byte[] sent : List.of(small, big)) {
      String hex = HexFormat.of().formatHex(sent);
      JsonNode m = js.await("message of " + sent.length + " bytes", e -> "message".equals(e.path("type").asText())
          && hex.equals(e.path("dataHex").asText()), WAIT);
      assertEquals(host.peerId().toBase58(), m.path("from").asText());
      assertTrue(m.path("signed").asBoolean(), "js saw a signed message (StrictSign verified)");
    }
    assertEquals(TOPIC_B, js.await("big", e -> "message".equals(e.path("type").asText())
        && e.path("dataHex").asText().length() == 2 * big.length, WAIT).path("topic").asText());

    // js -> fedchain
    String bigLine = "x".repeat(1 << 20);
    js.publish("@" + TOPIC_A + " hello from js");
    js.publish("@" + TOPIC_B + " " + bigLine);
    awaitTrue(() -> received.size() >= 2);
    GossipMessage first = received.stream().filter(m -> m.topic().equals(TOPIC_A)).findFirst().orElseThrow();
    assertArrayEquals("hello from js".getBytes(StandardCharsets.UTF_8), first.data());
    assertEquals(jsId, first.author().orElseThrow());
    GossipMessage second = received.stream().filter(m -> m.topic().equals(TOPIC_B)).findFirst().orElseThrow();
    assertArrayEquals(bigLine.getBytes(StandardCharsets.UTF_8), second.data());
    assertEquals(2, received.size(), "each message delivered once");
    assertTrue(js.events("error").isEmpty(), js.events("error").toString());
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
