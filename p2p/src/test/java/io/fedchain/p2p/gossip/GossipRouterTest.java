package io.fedchain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import io.fedchain.p2p.gossip.GossipTestNetwork.Node;
import io.fedchain.p2p.gossip.GossipTestNetwork.RecordingHandler;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.identity.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One router under test, surrounded by fake peers whose RPCs the test writes by hand. */
class GossipRouterTest {
  private static final String T = "/fedchain/votes";
  private static final double EPS = 1e-9;

  private final GossipTestNetwork net = new GossipTestNetwork(3);
  private long seqno;

  private static Rpc subscribe(String topic) {
    return Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(true, topic)));
  }

  private static Rpc graft(String topic) {
    return Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(topic)), List.of()));
  }

  private static Rpc prune(String topic, long backoffSeconds, List<Rpc.PeerInfo> px) {
    return Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(),
        List.of(new Rpc.Prune(topic, px, OptionalLong.of(backoffSeconds)))));
  }

  private static Rpc ihave(String topic, MessageId... ids) {
    return Rpc.ofControl(new Rpc.Control(List.of(new Rpc.IHave(topic, List.of(ids))), List.of(), List.of(), List.of()));
  }

  private static Rpc iwant(MessageId... ids) {
    return Rpc.ofControl(new Rpc.Control(List.of(), List.of(new Rpc.IWant(List.of(ids))), List.of(), List.of()));
  }

  private PubsubMessage signed(Identity author, String text) {
    return MessageSigning.sign(author, T, text.getBytes(StandardCharsets.UTF_8), ++seqno, true);
  }

  private static List<Rpc.Graft> graftsIn(List<Rpc.Control> controls) {
    return controls.stream().flatMap(c -> c.graft().stream()).toList();
  }

  private static List<Rpc.Prune> prunesIn(List<Rpc.Control> controls) {
    return controls.stream().flatMap(c -> c.prune().stream()).toList();
  }

  /** A fake in the router's topic, connected in the given direction. */
  private Identity fakeIn(Node node, boolean nodeDialed) {
    Identity f = net.addFake();
    net.connectFake(f, node, GossipRouter.MESHSUB_V11, nodeDialed);
    net.inject(f, node, subscribe(T));
    return f;
  }

  @Test
  void pruneBackoffShouldBeHonouredBeforeGraftingAgain() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, true);
    net.tick();
    assertTrue(n.router.meshPeers(T).contains(f.peerId()));
    assertEquals(List.of(new Rpc.Graft(T)), graftsIn(net.controlsTo(f)));

    net.toFakes.get(f.peerId()).clear();
    net.inject(f, n, prune(T, 60, List.of()));
    assertFalse(n.router.meshPeers(T).contains(f.peerId()));
    for (int s = 1; s <= 60; s++) {
      net.tick();
      assertTrue(graftsIn(net.controlsTo(f)).isEmpty(), "regrafted " + s + " s into a 60 s backoff");
    }
    net.ticks(2);
    assertEquals(List.of(new Rpc.Graft(T)), graftsIn(net.controlsTo(f)));
    assertTrue(n.router.meshPeers(T).contains(f.peerId()));
  }

  @Test
  void graftDuringBackoffShouldBeRefusedAndPenalised() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, false);
    net.inject(f, n, graft(T));
    assertTrue(n.router.meshPeers(T).contains(f.peerId()));

    // Leaving and rejoining prunes f with the 10 s unsubscribe backoff.
    n.router.unsubscribe(T);
    n.router.subscribe(T, n.handler(T));
    net.pump();
    assertEquals(OptionalLong.of(10), prunesIn(net.controlsTo(f)).get(0).backoffSeconds());
    assertFalse(n.router.meshPeers(T).contains(f.peerId()));
    net.toFakes.get(f.peerId()).clear();

    net.inject(f, n, graft(T));
    assertFalse(n.router.meshPeers(T).contains(f.peerId()));
    List<Rpc.Prune> answer = prunesIn(net.controlsTo(f));
    assertEquals(List.of(new Rpc.Prune(T, List.of(), OptionalLong.of(60))), answer, "refused, backoff now 60 s");
    // P7 +1 for the backoff; the first incident is free.
    assertEquals(0, n.router.score(f.peerId()), EPS);
    // Again at once: +1 for the backoff, +1 for grafting within 10 s of a 60 s PRUNE (go's rule).
    net.inject(f, n, graft(T));
    assertEquals(-40, n.router.score(f.peerId()), EPS, "P7 = (3 - 1)^2 x -10");
    net.inject(f, n, graft(T));
    assertTrue(n.router.score(f.peerId()) < n.router.config().score().graylistThreshold());
    assertFalse(n.router.meshPeers(T).contains(f.peerId()));
  }

  @Test
  void aV10PeerShouldBeRefusedDuringBackoffWithoutPenaltyAndPrunedWithoutBackoffField() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity old = net.addFake();
    net.connectFake(old, n, GossipRouter.MESHSUB_V10, false);
    net.inject(old, n, subscribe(T));
    net.inject(old, n, graft(T));
    n.router.unsubscribe(T);
    n.router.subscribe(T, n.handler(T));
    net.pump();
    assertEquals(OptionalLong.empty(), prunesIn(net.controlsTo(old)).get(0).backoffSeconds());
    net.inject(old, n, graft(T));
    assertFalse(n.router.meshPeers(T).contains(old.peerId()));
    assertEquals(0, n.router.score(old.peerId()), EPS);
  }

  @Test
  void graftForATopicWeAreNotInShouldBeAnsweredWithPruneUnlessConfiguredOff() {
    Node n = net.addNode(GossipConfig.defaults());
    Identity f = net.addFake();
    net.connectFake(f, n, GossipRouter.MESHSUB_V11, false);
    net.inject(f, n, graft("elsewhere"));
    assertEquals(List.of(new Rpc.Prune("elsewhere", List.of(), OptionalLong.of(60))), prunesIn(net.controlsTo(f)));

    Node quiet = net.addNode(GossipConfig.defaults().toBuilder().pruneUnknownTopicGrafts(false).build());
    Identity g = net.addFake();
    net.connectFake(g, quiet, GossipRouter.MESHSUB_V11, false);
    net.inject(g, quiet, graft("elsewhere"));
    assertTrue(net.controlsTo(g).isEmpty());
  }

  @Test
  void validationVerdictsShouldDecideDeliveryForwardingAndPenalty() {
    Node n = net.addNode(GossipConfig.defaults());
    RecordingHandler h = n.subscribe(T);
    h.rule = m -> {
      String text = new String(m.data(), StandardCharsets.UTF_8);
      return text.startsWith("bad") ? ValidationResult.reject("bad update")
          : text.startsWith("meh") ? ValidationResult.ignore("cannot judge yet") : ValidationResult.accept();
    };
    Identity f = fakeIn(n, true);
    Identity g = fakeIn(n, true);
    net.tick();
    assertTrue(n.router.meshPeers(T).containsAll(List.of(f.peerId(), g.peerId())));

    net.inject(f, n, Rpc.ofMessage(signed(f, "good")));
    assertEquals(1, h.delivered.size());
    assertEquals(f.peerId(), h.delivered.get(0).author().orElseThrow());
    assertEquals(1, net.messagesTo(g).size(), "ACCEPT forwards to the mesh");
    assertTrue(net.messagesTo(f).isEmpty(), "never back to the source");
    double afterGood = n.router.score(f.peerId());

    net.inject(f, n, Rpc.ofMessage(signed(f, "meh")));
    assertEquals(1, h.delivered.size());
    assertEquals(1, net.messagesTo(g).size(), "IGNORE does not forward");
    assertEquals(afterGood, n.router.score(f.peerId()), EPS, "IGNORE costs nothing");
    assertEquals(1, n.metrics.count("ignored"));

    PubsubMessage bad1 = signed(f, "bad 1");
    net.inject(f, n, Rpc.ofMessage(bad1));
    assertEquals(afterGood - 10, n.router.score(f.peerId()), EPS, "REJECT costs P4 = 1^2 x -10");
    assertEquals(1, net.messagesTo(g).size(), "REJECT does not forward");
    net.inject(f, n, Rpc.ofMessage(signed(f, "bad 2")));
    assertTrue(n.router.score(f.peerId()) > n.router.config().score().graylistThreshold());
    net.inject(f, n, Rpc.ofMessage(signed(f, "bad 3")));
    assertTrue(n.router.score(f.peerId()) < n.router.config().score().graylistThreshold(), "9 x -10 < -80");

    // Graylisted: f's RPCs are dropped before decoding, valid or not.
    int validations = h.validations;
    net.inject(f, n, Rpc.ofMessage(signed(f, "good again")));
    assertEquals(validations, h.validations);
    assertEquals(1, h.delivered.size());
    assertEquals(1, n.metrics.count("graylisted"));

    // Whoever forwards a copy of a rejected message pays too.
    double gBefore = n.router.score(g.peerId());
    net.inject(g, n, Rpc.ofMessage(bad1));
    assertEquals(gBefore - 10, n.router.score(g.peerId()), EPS);

    // The next heartbeat prunes the negative peer from the mesh.
    net.tick();
    assertFalse(n.router.meshPeers(T).contains(f.peerId()));
    assertFalse(prunesIn(net.controlsTo(f)).isEmpty());
  }

  @Test
  void aGraylistedPeerShouldBeDisconnectedOnlyWhenConfigured() {
    for (boolean disconnect : new boolean[] {false, true}) {
      Node n = net.addNode(GossipConfig.defaults().toBuilder().disconnectGraylisted(disconnect).build());
      n.subscribe(T).rule = m -> ValidationResult.reject("no");
      Identity f = fakeIn(n, true);
      for (int i = 0; i < 3; i++) {
        net.inject(f, n, Rpc.ofMessage(signed(f, "x" + i)));
      }
      net.tick();
      assertEquals(disconnect ? List.of(f.peerId()) : List.of(), n.disconnectRequests);
    }
  }

  @Test
  void malformedRpcsShouldBePenalisedAndNeverThrow() {
    Node n = net.addNode(GossipConfig.defaults());
    RecordingHandler h = n.subscribe(T);
    Identity f = fakeIn(n, true);
    n.router.onRpc(f.peerId(), new byte[] {0x08, 0x01});
    assertEquals(0, n.router.score(f.peerId()), EPS, "the first incident is free");
    byte[] vector = Vectors.hex("gossipsub", "rpcWithMessageHex");
    n.router.onRpc(f.peerId(), Arrays.copyOf(vector, vector.length - 3));
    assertEquals(-10, n.router.score(f.peerId()), EPS, "P7 = (2 - 1)^2 x -10");
    PubsubMessage noTopic = PubsubMessage.of(Optional.empty(), Optional.of(new byte[1]), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    n.router.onRpc(f.peerId(), RpcCodec.encode(Rpc.ofMessage(noTopic)));
    assertEquals(-40, n.router.score(f.peerId()), EPS, "a message without a topic is malformed too");
    assertEquals(3, n.metrics.count("malformed"));

    // Fuzz: random bytes and mutated valid RPCs, each from a fresh peer so that all get decoded.
    Random rng = new Random(99);
    byte[] valid = RpcCodec.encode(new Rpc(List.of(new Rpc.SubOpts(true, T)), List.of(signed(f, "fuzz")),
        Optional.of(new Rpc.Control(List.of(new Rpc.IHave(T, List.of(MessageId.of(new byte[] {1})))),
            List.of(new Rpc.IWant(List.of(MessageId.of(new byte[] {2})))), List.of(new Rpc.Graft(T)),
            List.of(new Rpc.Prune(T, List.of(Rpc.PeerInfo.of(f.peerId())), OptionalLong.of(5)))))));
    for (int i = 0; i < 3000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[rng.nextInt(120)];
        rng.nextBytes(input);
      } else {
        input = valid.clone();
        for (int k = 1 + rng.nextInt(4); k > 0; k--) {
          input[rng.nextInt(input.length)] = (byte) rng.nextInt(256);
        }
        if (rng.nextInt(4) == 0) {
          input = Arrays.copyOf(input, rng.nextInt(input.length));
        }
      }
      byte[] raw = new byte[32];
      rng.nextBytes(raw);
      PeerId peer = PublicKey.ofRaw(raw).peerId();
      n.router.addPeer(peer, GossipRouter.MESHSUB_V11, rng.nextBoolean());
      byte[] bytes = input;
      assertDoesNotThrow(() -> n.router.onRpc(peer, bytes), () -> "input " + Arrays.toString(bytes));
      if (rng.nextBoolean()) {
        n.router.heartbeat();
      }
      n.router.removePeer(peer);
    }
    assertTrue(n.metrics.count("malformed") > 1000);
    // And the router still works.
    Identity g = fakeIn(n, true);
    int before = h.delivered.size();
    net.inject(g, n, Rpc.ofMessage(signed(g, "still alive")));
    assertEquals(before + 1, h.delivered.size());
  }

  @Test
  void messagesAboveMaxMessageSizeShouldBeRefusedAndRejected() {
    GossipConfig config = GossipConfig.defaults().toBuilder().maxMessageSize(1024).build();
    Node n = net.addNode(config);
    RecordingHandler h = n.subscribe(T);
    assertTrue(assertInstanceOf(PublishResult.Failed.class, n.router.publish(T, new byte[1025])).reason()
        .contains("maxMessageSize"));
    assertInstanceOf(PublishResult.NoPeers.class, n.router.publish(T, new byte[1024]));

    Identity f = fakeIn(n, true);
    net.inject(f, n, Rpc.ofMessage(MessageSigning.sign(f, T, new byte[2000], 1, true)));
    assertTrue(h.delivered.isEmpty());
    assertEquals(1, n.metrics.count("invalid"));
    assertEquals(-10, n.router.score(f.peerId()), EPS);

    Identity g = fakeIn(n, true);
    byte[] huge = RpcCodec.encode(Rpc.ofMessage(PubsubMessage.unsigned(T, new byte[config.maxRpcSize()])));
    n.router.onRpc(g.peerId(), huge);
    assertEquals(1, n.metrics.count("malformed"));
    assertTrue(h.delivered.isEmpty());

    assertThrows(IllegalArgumentException.class,
        () -> GossipConfig.defaults().toBuilder().maxMessageSize(16 * GossipConfig.MIB + 1).build());
    assertEquals(16 * GossipConfig.MIB,
        GossipConfig.defaults().toBuilder().maxMessageSize(16 * GossipConfig.MIB).build().maxMessageSize());
  }

  @Test
  void iwantShouldBeAnsweredAtMostGossipRetransmissionTimes() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, true);
    MessageId id = assertInstanceOf(PublishResult.Published.class, n.router.publish(T, new byte[] {7})).id();
    net.pump();
    assertEquals(1, net.messagesTo(f).size(), "flood published");
    for (int i = 0; i < 5; i++) {
      net.inject(f, n, iwant(id));
    }
    assertEquals(1 + 3, net.messagesTo(f).size());
    net.inject(f, n, iwant(MessageId.of(new byte[] {1, 2, 3})));
    assertEquals(4, net.messagesTo(f).size(), "unknown ids are ignored");

    Identity g = fakeIn(n, true);
    net.ticks(4);
    net.inject(g, n, iwant(id));
    assertEquals(1, net.messagesTo(g).size(), "still in the mcache after 4 heartbeats");
    net.tick();
    net.inject(g, n, iwant(id));
    assertEquals(1, net.messagesTo(g).size(), "gone after mcacheLength = 5");
  }

  @Test
  void publishingWithoutSubscribingShouldUseAStickyFanoutThatJoinTakesOver() {
    Node n = net.addNode(GossipConfig.defaults().toBuilder().floodPublish(false).build());
    List<Identity> fakes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fakes.add(fakeIn(n, true));
    }
    java.util.function.Supplier<java.util.Set<PeerId>> receivedLast = () -> {
      java.util.Set<PeerId> got = new java.util.HashSet<>();
      for (Identity f : fakes) {
        if (!net.messagesTo(f).isEmpty()) {
          got.add(f.peerId());
        }
        net.toFakes.get(f.peerId()).clear();
      }
      return got;
    };
    assertEquals(6, assertInstanceOf(PublishResult.Published.class, n.router.publish(T, new byte[] {1})).recipients());
    net.pump();
    java.util.Set<PeerId> fanout = receivedLast.get();
    assertEquals(6, fanout.size());
    net.ticks(30);
    receivedLast.get();
    n.router.publish(T, new byte[] {2});
    net.pump();
    assertEquals(fanout, receivedLast.get(), "the fanout is kept while we keep publishing");

    n.subscribe(T);
    net.pump();
    assertEquals(fanout, n.router.meshPeers(T), "JOIN grafts the fanout peers first");
    for (Identity f : fakes) {
      boolean grafted = graftsIn(net.controlsTo(f)).contains(new Rpc.Graft(T));
      assertEquals(fanout.contains(f.peerId()), grafted);
    }
  }

  @Test
  void gossipShouldGoToDLazyOrAQuarterOfTheEligiblePeersOutsideTheMesh() {
    for (int peers : new int[] {20, 60}) {
      GossipTestNetwork fresh = new GossipTestNetwork(peers);
      Node n = fresh.addNode(GossipConfig.defaults());
      n.subscribe(T);
      List<Identity> fakes = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        Identity f = fresh.addFake();
        fresh.connectFake(f, n, GossipRouter.MESHSUB_V11, true);
        fresh.inject(f, n, subscribe(T));
        fakes.add(f);
      }
      fresh.tick();
      MessageId id = assertInstanceOf(PublishResult.Published.class, n.router.publish(T, new byte[] {1})).id();
      fresh.pump();
      fakes.forEach(f -> fresh.toFakes.get(f.peerId()).clear());
      fresh.tick();
      long gossiped = fakes.stream().filter(f -> fresh.controlsTo(f).stream()
          .anyMatch(c -> c.ihave().stream().anyMatch(ih -> ih.messageIds().contains(id)))).count();
      int eligible = peers - n.router.meshPeers(T).size();
      assertEquals(Math.max(6, (int) (0.25 * eligible)), gossiped, peers + " peers");
      for (PeerId meshPeer : n.router.meshPeers(T)) {
        assertTrue(fresh.controlsTo(fakes.stream().filter(f -> f.peerId().equals(meshPeer)).findFirst().orElseThrow())
            .stream().allMatch(c -> c.ihave().isEmpty()), "no gossip to mesh peers");
      }
    }
  }

  @Test
  void anUnansweredIwantShouldCostTheAdvertiserAndAnAnsweredOneNothing() {
    Node n = net.addNode(GossipConfig.defaults());
    RecordingHandler h = n.subscribe(T);
    Identity liar = fakeIn(n, true);
    Identity honest = fakeIn(n, true);
    net.inject(liar, n, ihave(T, MessageId.of(new byte[] {1})));
    net.inject(liar, n, ihave(T, MessageId.of(new byte[] {2})));
    assertEquals(2, net.controlsTo(liar).stream().mapToLong(c -> c.iwant().size()).sum());

    PubsubMessage real = signed(honest, "real");
    MessageId realId = MessageIdFunction.FROM_AND_SEQNO.apply(real);
    net.inject(honest, n, ihave(T, realId));
    assertEquals(List.of(new Rpc.IWant(List.of(realId))),
        net.controlsTo(honest).stream().flatMap(c -> c.iwant().stream()).toList());
    net.inject(honest, n, Rpc.ofMessage(real));
    assertEquals(1, h.delivered.size());

    net.ticks(4);
    assertTrue(n.router.score(liar.peerId()) < 0, "two broken promises");
    assertTrue(n.router.score(honest.peerId()) >= 0);
    // Ids already seen are not asked again.
    net.inject(liar, n, ihave(T, realId));
    assertEquals(2, net.controlsTo(liar).stream().mapToLong(c -> c.iwant().size()).sum());
  }

  @Test
  void ihaveShouldBeHeededOnlyMaxIHaveMessagesTimesPerHeartbeat() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, true);
    for (int i = 0; i < 15; i++) {
      net.inject(f, n, ihave(T, MessageId.of(new byte[] {(byte) i})));
    }
    assertEquals(10, net.controlsTo(f).stream().mapToLong(c -> c.iwant().size()).sum());
  }

  @Test
  void heartbeatShouldGraftOutboundPeersUntilDOutIsMet() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    List<Identity> inbound = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Identity f = fakeIn(n, false);
      net.inject(f, n, graft(T));
      inbound.add(f);
    }
    List<PeerId> outbound = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outbound.add(fakeIn(n, true).peerId());
    }
    assertEquals(8, n.router.meshPeers(T).size());
    net.tick();
    assertEquals(10, n.router.meshPeers(T).size());
    assertEquals(2, n.router.meshPeers(T).stream().filter(outbound::contains).count());
  }

  @Test
  void oversubscribedMeshShouldBePrunedToDKeepingDOutOutboundPeers() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    List<Identity> fakes = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      Identity f = fakeIn(n, false);
      net.inject(f, n, graft(T));
      fakes.add(f);
    }
    assertEquals(12, n.router.meshPeers(T).size(), "inbound GRAFTs stop at D_hi");
    assertEquals(1, prunesIn(net.controlsTo(fakes.get(12))).size());
    List<PeerId> outbound = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Identity o = fakeIn(n, true);
      net.inject(o, n, graft(T));
      outbound.add(o.peerId());
    }
    assertEquals(14, n.router.meshPeers(T).size(), "outbound GRAFTs are accepted above D_hi");

    net.tick();
    assertEquals(6, n.router.meshPeers(T).size());
    assertTrue(n.router.meshPeers(T).containsAll(outbound));
    long prunedWithBackoff = fakes.subList(0, 12).stream().filter(f -> prunesIn(net.controlsTo(f)).stream()
        .anyMatch(p -> p.backoffSeconds().equals(OptionalLong.of(60)))).count();
    assertEquals(8, prunedWithBackoff);
  }

  @Test
  void peerExchangeShouldBePassedOnOnlyFromPeersAboveTheAcceptThreshold() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, true);
    Identity trusted = fakeIn(n, true);
    net.tick();
    List<Rpc.PeerInfo> px = List.of(Rpc.PeerInfo.of(net.newIdentity().peerId()),
        Rpc.PeerInfo.of(n.id()), new Rpc.PeerInfo(Optional.of(new byte[] {9}), Optional.empty()));
    net.inject(f, n, prune(T, 60, px));
    assertTrue(n.peerExchanges.isEmpty());
    n.router.setApplicationScore(trusted.peerId(), 20);
    net.inject(trusted, n, prune(T, 60, px));
    assertEquals(List.of(List.of(px.get(0).parsedPeerId().orElseThrow())), n.peerExchanges,
        "ourselves and unparsable ids are left out");
  }

  @Test
  void ourOwnMessagesShouldNeverBeDeliveredToUsOrForwardedBack() {
    Node n = net.addNode(GossipConfig.defaults());
    RecordingHandler h = n.subscribe(T);
    Identity f = fakeIn(n, true);
    net.pump();
    n.router.publish(T, new byte[] {1});
    net.pump();
    PubsubMessage echoed = net.messagesTo(f).get(0);
    net.inject(f, n, Rpc.ofMessage(echoed));
    assertTrue(h.delivered.isEmpty());
    assertEquals(1, n.metrics.count("duplicate"));
    // ...even one from before a restart, which the seen cache no longer knows.
    net.inject(f, n, Rpc.ofMessage(MessageSigning.sign(n.identity, T, new byte[] {2}, 1, true)));
    assertTrue(h.delivered.isEmpty());
    assertEquals(1, net.messagesTo(f).size());
  }

  @Test
  void messagesOnTopicsWeDoNotFollowShouldBeIgnoredWithoutPenalty() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    Identity f = fakeIn(n, true);
    net.inject(f, n, Rpc.ofMessage(MessageSigning.sign(f, "other", new byte[] {1}, 1, true)));
    assertEquals(0, n.metrics.count("received"));
    assertEquals(0, n.router.score(f.peerId()), EPS);
  }

  @Test
  void subscriptionsShouldBeTrackedAndAnnouncedToNewPeers() {
    Node n = net.addNode(GossipConfig.defaults());
    n.subscribe(T);
    n.subscribe("b");
    Identity f = net.addFake();
    net.connectFake(f, n, GossipRouter.MESHSUB_V11, true);
    net.pump();
    Rpc hello = net.toFakes.get(f.peerId()).get(0).decoded();
    assertEquals(List.of(new Rpc.SubOpts(true, T), new Rpc.SubOpts(true, "b")), hello.subscriptions());
    net.inject(f, n, Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(true, "x"), new Rpc.SubOpts(true, "y"))));
    assertEquals(java.util.Set.of("x", "y"), n.router.topicsOf(f.peerId()));
    net.inject(f, n, Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(false, "x"))));
    assertEquals(java.util.Set.of("y"), n.router.topicsOf(f.peerId()));
    assertThrows(IllegalStateException.class, () -> n.router.subscribe(T, n.handler(T)));
    assertThrows(IllegalArgumentException.class, () -> n.router.addPeer(f.peerId(), "/floodsub/1.0.0", true));
    assertFalse(n.router.addPeer(f.peerId(), GossipRouter.MESHSUB_V11, true), "already known");
    assertTrue(n.router.removePeer(f.peerId()));
    assertTrue(n.router.topicsOf(f.peerId()).isEmpty());
  }
}
