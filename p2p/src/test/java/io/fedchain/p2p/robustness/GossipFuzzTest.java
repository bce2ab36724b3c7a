package io.fedchain.p2p.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.gossip.GossipRouter;
import io.fedchain.p2p.gossip.MessageSigning;
import io.fedchain.p2p.gossip.Rpc;
import io.fedchain.p2p.gossip.RpcCodec;
import io.fedchain.p2p.gossip.ScoreParams;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * (g) Seeded mutations of valid gossipsub RPC frames, sent on real gossip streams by authenticated
 * peers while an honest peer stays connected: the node never throws out of a handler
 * ({@link Tripwire}), penalises the senders, and keeps delivering the honest peer's messages.
 *
 * <p>A graylisted sender's RPCs are dropped unread, so with the default score a sender's frames
 * reach the decoder only until its score sinks, a few dozen at most. Hence two runs of 10,000: one
 * with the graylist out of reach, where every frame is decoded and handled, and one with the
 * default score, where 20 senders must each end up graylisted.
 */
class GossipFuzzTest {
  private static final int FRAMES = 10_000;
  /** Bytes per yamux data frame: well under the half window the node keeps credited. */
  private static final int CHUNK = 32 << 10;

  @RegisterExtension
  final Tripwire tripwire = new Tripwire();
  private NodeUnderTest node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void tenThousandMutatedRpcsFromOneSenderShouldAllBeHandledWithoutBreakingTheNode() throws Exception {
    // The graylist out of reach: the router decodes and handles every frame.
    ScoreParams noGraylist = ScoreParams.defaults().toBuilder().graylistThreshold(-Double.MAX_VALUE)
        .publishThreshold(-1e300).gossipThreshold(-1e300).build();
    node = NodeUnderTest.open(Duration.ofSeconds(2), g -> g.toBuilder().score(noGraylist).build());
    Random seeds = new Random(701);
    Identity sender = seededIdentity(seeds);
    RpcMutator mutator = new RpcMutator(seeds.nextLong(), sender, NodeUnderTest.TOPIC,
        node.net.gossip().router().config().maxRpcSize());
    Random batches = new Random(seeds.nextLong());
    try (NodeUnderTest.HonestPeer honest = node.honestPeer();
        RawYamux mux = connectGossiping(sender)) {
      for (int round = 0; round < 10; round++) {
        send(mux, mutator, FRAMES / 10, batches);
        honest.publishAndAwaitDelivery();
      }
      // A valid message after the lot: once it is delivered, every frame before it was handled.
      byte[] marker = "the last word".getBytes(StandardCharsets.UTF_8);
      byte[] rpc = RpcCodec.encode(Rpc.ofMessage(MessageSigning.sign(sender, NodeUnderTest.TOPIC, marker,
          Long.MAX_VALUE, true)));
      mux.openStream(GossipRouter.MESHSUB_V11, ProtoWriter.lengthPrefixed(rpc));
      Await.until("the node to deliver the sender's last, valid message", () -> node.delivered.stream()
          .anyMatch(m -> m.author().equals(Optional.of(sender.peerId())) && Arrays.equals(m.data(), marker)));
      assertFalse(mux.isClosed());
    }
    assertEquals(FRAMES, total(mutator.counts()));
    assertEquals(Set.of(RpcMutator.Kind.values()), mutator.counts().keySet(), "kinds used: " + mutator.counts());
    assertEquals(0, node.gossipMetrics.graylisted(sender.peerId()), "no RPC may have been skipped");
    assertTrue(node.gossipMetrics.malformed(sender.peerId()) > FRAMES / 10,
        "only " + node.gossipMetrics.malformed(sender.peerId()) + " malformed RPCs: did the fuzz reach the decoder?");
    assertTrue(node.gossipMetrics.invalid() > 0, "no message failed its signature check");
    assertTrue(node.score(sender.peerId()) < 0, "score " + node.score(sender.peerId()));
    node.assertStillServing();
  }

  @Test
  void tenThousandMutatedRpcsFromTwentySendersShouldGraylistEachOfThem() throws Exception {
    node = NodeUnderTest.open(Duration.ofSeconds(2));
    int senders = 20;
    Random seeds = new Random(702);
    double graylist = node.graylistThreshold();
    Map<RpcMutator.Kind, Integer> kinds = new EnumMap<>(RpcMutator.Kind.class);
    List<PeerId> ids = new ArrayList<>();
    try (NodeUnderTest.HonestPeer honest = node.honestPeer()) {
      for (int i = 0; i < senders; i++) {
        Identity sender = seededIdentity(seeds);
        ids.add(sender.peerId());
        RpcMutator mutator = new RpcMutator(seeds.nextLong(), sender, NodeUnderTest.TOPIC,
            node.net.gossip().router().config().maxRpcSize());
        try (RawYamux mux = connectGossiping(sender)) {
          send(mux, mutator, FRAMES / senders, new Random(seeds.nextLong()));
          Await.until("sender " + i + " to be graylisted", () -> node.score(sender.peerId()) < graylist);
          Await.until("sender " + i + "'s RPCs to be dropped unread",
              () -> node.gossipMetrics.graylisted(sender.peerId()) > 0);
          // Bad RPCs cost score, not the connection (disconnectGraylisted is off by default).
          assertFalse(mux.isClosed());
        }
        mutator.counts().forEach((k, n) -> kinds.merge(k, n, Integer::sum));
        honest.publishAndAwaitDelivery();
      }
    }
    assertEquals(FRAMES, total(kinds));
    assertEquals(Set.of(RpcMutator.Kind.values()), kinds.keySet(), "kinds used: " + kinds);
    assertTrue(ids.stream().allMatch(p -> node.gossipMetrics.malformed(p) > 0));
    node.assertStillServing();
  }

  private static Identity seededIdentity(Random seeds) {
    byte[] seed = new byte[32];
    seeds.nextBytes(seed);
    return Identity.fromSeed(seed);
  }

  private static int total(Map<RpcMutator.Kind, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** An authenticated peer the node's router knows: until then the router ignores what it sends. */
  private RawYamux connectGossiping(Identity sender) throws Exception {
    RawYamux mux = RawYamux.start(RawPeer.connectSecure(node.addr(), sender), Set.of(GossipRouter.MESHSUB_V11));
    mux.awaitInbound(GossipRouter.MESHSUB_V11);
    Await.until("the node's router to know " + sender.peerId(), () -> node.isGossipPeer(sender.peerId()));
    return mux;
  }

  /** {@code frames} mutated frames, batched into data frames, on a fresh stream after each one that desyncs. */
  private static void send(RawYamux mux, RpcMutator mutator, int frames, Random rng) {
    int stream = -1;
    int sent = 0;
    while (sent < frames) {
      if (stream < 0 || mux.isReset(stream)) {
        stream = mux.openStream(GossipRouter.MESHSUB_V11);
      }
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      boolean desynced = false;
      for (int i = 1 + rng.nextInt(20); i > 0 && sent < frames && !desynced; i--) {
        RpcMutator.Frame f = mutator.next();
        batch.writeBytes(f.bytes());
        sent++;
        desynced = f.desyncs();
      }
      byte[] bytes = batch.toByteArray();
      for (int off = 0; off < bytes.length; off += CHUNK) {
        mux.write(RawYamux.dataFrame(0, stream, Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK))));
      }
      if (desynced) {
        mux.fin(stream);
        stream = -1;
      }
    }
  }
}
