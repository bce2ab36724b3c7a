package io.fedchain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.gossip.GossipTestNetwork.Node;
import io.fedchain.p2p.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GossipNetworkTest {
  private static final String TOPIC = "/fedchain/updates";

  private static GossipTestNetwork subscribedRandomGraph(long seed, int nodes, int degree, GossipConfig config) {
    GossipTestNetwork net = new GossipTestNetwork(seed);
    net.addNodes(nodes, config);
    net.connectRandomly(degree);
    net.nodes.forEach(n -> n.subscribe(TOPIC));
    net.pump();
    return net;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void meshesShouldSettleWithinDegreeBoundsAndBeSymmetric(long seed) {
    GossipTestNetwork net = subscribedRandomGraph(seed, 16, 8, GossipConfig.defaults());
    GossipConfig c = GossipConfig.defaults();
    net.ticks(5);
    for (Node n : net.nodes) {
      Set<PeerId> mesh = n.router.meshPeers(TOPIC);
      assertTrue(mesh.size() >= c.dLo() && mesh.size() <= c.dHi(), n.id() + " has a mesh of " + mesh.size());
      for (PeerId p : mesh) {
        assertTrue(net.byId.get(p).router.meshPeers(TOPIC).contains(n.id()), "mesh link " + n.id() + " -> " + p
            + " is one-sided");
      }
      assertEquals(mesh.size(), n.metrics.meshSizes.get(TOPIC));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyMessageShouldReachEveryRouterExactlyOnce(boolean floodPublish) {
    GossipConfig config = GossipConfig.defaults().toBuilder().floodPublish(floodPublish).build();
    GossipTestNetwork net = subscribedRandomGraph(42, 16, 8, config);
    net.ticks(3);
    Map<MessageId, Node> publishedBy = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      Node publisher = net.nodes.get(net.random.nextInt(net.nodes.size()));
      PublishResult r = publisher.router.publish(TOPIC, ("update " + i).getBytes(StandardCharsets.UTF_8));
      PublishResult.Published p = assertInstanceOf(PublishResult.Published.class, r);
      publishedBy.put(p.id(), publisher);
      net.pump();
      if (i % 10 == 9) {
        net.tick();
      }
    }
    net.ticks(5);
    assertEquals(200, publishedBy.size());
    for (Node n : net.nodes) {
      GossipTestNetwork.RecordingHandler h = n.handler(TOPIC);
      long expected = publishedBy.values().stream().filter(p -> p != n).count();
      assertEquals(expected, h.delivered.size(), n.id() + " deliveries");
      for (Map.Entry<MessageId, Node> e : publishedBy.entrySet()) {
        int times = h.deliveries.getOrDefault(e.getKey(), 0);
        assertEquals(e.getValue() == n ? 0 : 1, times, "message " + e.getKey() + " at " + n.id());
      }
      assertEquals(0, n.metrics.count("invalid"));
      assertEquals(0, n.metrics.count("malformed"));
    }
  }

  @Test
  void ihaveAndIwantShouldRecoverAMessageAPeerMissed() {
    GossipConfig config = GossipConfig.defaults().toBuilder().floodPublish(false).build();
    GossipTestNetwork net = new GossipTestNetwork(7);
    List<Node> nodes = net.addNodes(20, config);
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        net.connect(nodes.get(i), nodes.get(j));
      }
    }
    nodes.forEach(n -> n.subscribe(TOPIC));
    net.pump();
    net.ticks(3);
    Node publisher = nodes.get(0);
    Node victim = nodes.get(19);
    assertTrue(victim.router.meshPeers(TOPIC).size() < 19, "the victim needs peers outside its mesh to gossip with it");

    net.drop = e -> e.to().equals(victim.id()) && !e.decoded().messages().isEmpty();
    PublishResult.Published published = assertInstanceOf(PublishResult.Published.class,
        publisher.router.publish(TOPIC, "missed".getBytes(StandardCharsets.UTF_8)));
    net.pump();
    assertTrue(net.dropped > 0);
    assertTrue(victim.handler(TOPIC).delivered.isEmpty());
    for (Node n : nodes.subList(1, 19)) {
      assertEquals(1, n.handler(TOPIC).deliveries.get(published.id()));
    }

    net.drop = e -> false;
    net.tracing = true;
    net.tick();
    assertEquals(1, victim.handler(TOPIC).deliveries.get(published.id()));
    assertTrue(net.trace.stream().anyMatch(e -> e.to().equals(victim.id())
        && e.decoded().control().map(c -> c.ihave().stream().anyMatch(ih -> ih.messageIds().contains(published.id())))
            .orElse(false)), "the victim was told of the message by IHAVE");
    assertTrue(net.trace.stream().anyMatch(e -> e.from().equals(victim.id())
        && e.decoded().control().map(c -> c.iwant().stream().anyMatch(iw -> iw.messageIds().contains(published.id())))
            .orElse(false)), "the victim asked for it by IWANT");
    net.ticks(5);
    assertEquals(1, victim.handler(TOPIC).deliveries.get(published.id()), "delivered exactly once");
    nodes.forEach(n -> assertTrue(n.router.score(victim.id()) >= 0));
    nodes.forEach(n -> nodes.stream().filter(o -> o != n).forEach(o -> assertTrue(n.router.score(o.id()) >= 0,
        "nobody broke an IWANT promise")));
  }

  @Test
  void strictNoSignShouldDeliverAnonymousMessagesIdentifiedBySha256OfData() throws Exception {
    GossipConfig config = GossipConfig.defaults().toBuilder().signaturePolicy(SignaturePolicy.STRICT_NO_SIGN).build();
    GossipTestNetwork net = subscribedRandomGraph(9, 8, 4, config);
    net.ticks(3);
    net.tracing = true;
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] data = ("anonymous " + i).getBytes(StandardCharsets.UTF_8);
      sent.add(data);
      assertInstanceOf(PublishResult.Published.class, net.nodes.get(i % 8).router.publish(TOPIC, data));
      net.pump();
    }
    for (Node n : net.nodes) {
      assertEquals(20 - (int) java.util.stream.IntStream.range(0, 20).filter(i -> net.nodes.get(i % 8) == n).count(),
          n.handler(TOPIC).delivered.size());
      for (GossipMessage m : n.handler(TOPIC).delivered) {
        assertTrue(m.author().isEmpty());
        assertTrue(m.seqno().isEmpty());
        assertEquals(MessageId.of(MessageDigest.getInstance("SHA-256").digest(m.data())), m.id());
      }
    }
    for (GossipTestNetwork.Envelope e : net.trace) {
      for (PubsubMessage m : e.decoded().messages()) {
        assertTrue(m.from().isEmpty() && m.seqno().isEmpty() && m.signature().isEmpty() && m.key().isEmpty());
      }
    }
    PublishResult again = net.nodes.get(0).router.publish(TOPIC, sent.get(1));
    assertTrue(assertInstanceOf(PublishResult.Failed.class, again).reason().startsWith("duplicate"));
  }

  @Test
  void unsubscribeShouldPruneTheMeshWithTheUnsubscribeBackoff() {
    GossipTestNetwork net = subscribedRandomGraph(11, 10, 9, GossipConfig.defaults());
    net.ticks(3);
    Node leaver = net.nodes.get(0);
    Set<PeerId> formerMesh = leaver.router.meshPeers(TOPIC);
    assertFalse(formerMesh.isEmpty());
    net.tracing = true;
    assertTrue(leaver.router.unsubscribe(TOPIC));
    net.pump();
    Set<PeerId> pruned = new java.util.HashSet<>();
    for (GossipTestNetwork.Envelope e : net.trace) {
      if (!e.from().equals(leaver.id())) {
        continue;
      }
      Rpc rpc = e.decoded();
      rpc.control().ifPresent(c -> c.prune().forEach(p -> {
        assertEquals(TOPIC, p.topic());
        assertEquals(java.util.OptionalLong.of(10), p.backoffSeconds());
        pruned.add(e.to());
      }));
    }
    assertEquals(formerMesh, pruned);
    assertTrue(leaver.router.meshPeers(TOPIC).isEmpty());
    for (Node n : net.nodes.subList(1, net.nodes.size())) {
      assertFalse(n.router.meshPeers(TOPIC).contains(leaver.id()));
      assertFalse(n.router.topicsOf(leaver.id()).contains(TOPIC));
    }
    // The others keep working without the leaver, and it gets nothing more on the topic.
    net.ticks(2);
    net.nodes.get(1).router.publish(TOPIC, new byte[] {1});
    net.pump();
    assertEquals(0, leaver.handler(TOPIC).delivered.size());
    assertEquals(1, net.nodes.get(2).handler(TOPIC).delivered.size());
  }

  /**
   * Ids are local, but IWANT promises are tracked by the id asked for and kept by the id computed
   * on arrival (here and in js). Peers with different id functions therefore break each other's
   * promises and pay P7 for it: with js peers, configure js's function.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void peersWithDifferentMessageIdFunctionsShouldPenaliseEachOtherForBrokenPromises(boolean mismatched) {
    GossipConfig spec = GossipConfig.defaults().toBuilder().floodPublish(false).build();
    GossipConfig js = spec.toBuilder().messageIdFunction(MessageIdFunction.PUBLIC_KEY_AND_SEQNO).build();
    GossipTestNetwork net = new GossipTestNetwork(5);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      nodes.add(net.addNode(mismatched && i % 2 == 1 ? js : spec));
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        net.connect(nodes.get(i), nodes.get(j));
      }
    }
    nodes.forEach(n -> n.subscribe(TOPIC));
    net.pump();
    net.ticks(3);
    for (int i = 0; i < 30; i++) {
      nodes.get(i % nodes.size()).router.publish(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
      net.pump();
      net.tick();
    }
    net.ticks(5);
    long negative = 0;
    for (Node n : nodes) {
      // Nodes 0-9 published two of the 30 messages, nodes 10-19 one.
      int ownMessages = nodes.indexOf(n) < 10 ? 2 : 1;
      assertEquals(30 - ownMessages, n.handler(TOPIC).delivered.size(), "everything is delivered either way");
      for (Node o : nodes) {
        if (o != n && n.router.score(o.id()) < 0) {
          negative++;
        }
      }
    }
    if (mismatched) {
      assertTrue(negative > 0, "broken promises across the id mismatch");
    } else {
      assertEquals(0, negative);
    }
  }

  @Test
  void aHandlerShouldBeAbleToPublishFromDeliver() {
    String votes = "/fedchain/votes";
    GossipTestNetwork net = subscribedRandomGraph(13, 12, 6, GossipConfig.defaults());
    for (Node n : net.nodes) {
      n.subscribe(votes);
      n.handler(TOPIC).afterDeliver = m -> n.router.publish(votes, ("vote of " + n.id()).getBytes(StandardCharsets.UTF_8));
    }
    net.pump();
    net.ticks(3);
    Node proposer = net.nodes.get(0);
    proposer.router.publish(TOPIC, "proposal".getBytes(StandardCharsets.UTF_8));
    net.pump();
    for (Node n : net.nodes) {
      assertEquals(n == proposer ? 0 : 1, n.handler(TOPIC).delivered.size());
      assertEquals(n == proposer ? 11 : 10, n.handler(votes).delivered.size(), "every other node's vote");
    }
  }
}
