package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gossipsub v1.1 router (also serving /meshsub/1.0.0 peers): topic meshes, fanout, message and
 * seen caches, IHAVE/IWANT gossip, GRAFT/PRUNE with backoff, flood publishing, outbound mesh
 * quotas, opportunistic grafting and peer scoring.
 *
 * <p>Single-threaded and event-driven, see the package doc: call every method on one thread. Time
 * is read from the injected clock; the integrator calls {@link #heartbeat()} every
 * {@link GossipConfig#heartbeatInterval()}. Anything a peer sends is handled inside
 * {@link #onRpc}: malformed bytes cost the peer a behaviour penalty and never throw.
 */
public final class GossipRouter {
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";
  public static final String MESHSUB_V10 = "/meshsub/1.0.0";
  /** The protocols to offer on multistream-select, preferred first. */
  public static final List<String> PROTOCOLS = List.of(MESHSUB_V11, MESHSUB_V10);

  private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);
  private static final int MAX_UNKNOWN_GRAFT_REPLIES = 16;

  private static final class PeerState {
    final boolean v11;
    final boolean outbound;
    final Set<String> topics = new LinkedHashSet<>();

    PeerState(String protocol, boolean outbound) {
      this.v11 = protocol.equals(MESHSUB_V11);
      this.outbound = outbound;
    }
  }

  /** Control messages for one peer, sent together when the current event ends. */
  private static final class PendingControl {
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<MessageId> iwant = new ArrayList<>();
    final List<Rpc.Graft> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();
  }

  private final GossipConfig config;
  private final Identity identity;
  private final Outbound outbound;
  private final InstantSource clock;
  private final Random random;
  private final GossipMetrics metrics;
  private final RpcLimits limits;
  private final ScoreParams scoreParams;

  private final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
  private final Map<String, TopicHandler> subscriptions = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> mesh = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> fanout = new LinkedHashMap<>();
  private final Map<String, Long> fanoutLastPublished = new HashMap<>();
  private final Backoffs backoffs = new Backoffs();
  private final MessageCache mcache;
  private final SeenCache seen;
  private final PeerScore score;
  private final GossipPromises promises = new GossipPromises();
  private final Map<PeerId, PendingControl> pending = new LinkedHashMap<>();
  private final Map<PeerId, Integer> ihavesThisHeartbeat = new HashMap<>();
  private final Map<PeerId, Integer> idsAskedThisHeartbeat = new HashMap<>();
  private final Map<PeerId, Integer> unknownGraftRepliesThisHeartbeat = new HashMap<>();
  private long heartbeats;
  private long seqno;

  public GossipRouter(GossipConfig config, Identity identity, Outbound outbound, InstantSource clock, Random random,
      GossipMetrics metrics) {
    this.config = Objects.requireNonNull(config);
    this.identity = Objects.requireNonNull(identity);
    this.outbound = Objects.requireNonNull(outbound);
    this.clock = Objects.requireNonNull(clock);
    this.random = Objects.requireNonNull(random);
    this.metrics = Objects.requireNonNull(metrics);
    this.limits = config.rpcLimits();
    this.scoreParams = config.score();
    this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip());
    this.seen = new SeenCache(config.seenTtl().toMillis());
    this.score = new PeerScore(scoreParams);
    // Seqnos count up from the clock in nanoseconds, as go and js do: a restarted node's seqnos
    // stay above its earlier ones, which some validators (kubo) require.
    this.seqno = clock.millis() * 1_000_000L;
  }

  public GossipRouter(GossipConfig config, Identity identity, Outbound outbound, InstantSource clock, Random random) {
    this(config, identity, outbound, clock, random, GossipMetrics.NOOP);
  }

  // ---------------------------------------------------------------- peers

  /**
   * A peer's gossipsub stream is open, negotiated as {@code protocol} (one of {@link #PROTOCOLS});
   * {@code outbound} when we dialled the connection. Sends it our subscriptions. Returns false if
   * the peer is already known.
   */
  public boolean addPeer(PeerId peer, String protocol, boolean outbound) {
    return addPeer(peer, protocol, outbound, Optional.empty());
  }

  /** As {@link #addPeer(PeerId, String, boolean)}, with the remote IP for IP colocation scoring (P6). */
  public boolean addPeer(PeerId peer, String protocol, boolean outbound, String ipAddress) {
    return addPeer(peer, protocol, outbound, Optional.of(ipAddress));
  }

  private boolean addPeer(PeerId peer, String protocol, boolean isOutbound, Optional<String> ip) {
    Objects.requireNonNull(peer);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("unsupported gossipsub protocol '" + protocol + "', expected one of "
          + PROTOCOLS);
    }
    if (peers.containsKey(peer)) {
      return false;
    }
    peers.put(peer, new PeerState(protocol, isOutbound));
    score.addPeer(peer, ip);
    if (!subscriptions.isEmpty()) {
      List<Rpc.SubOpts> hello = subscriptions.keySet().stream().map(t -> new Rpc.SubOpts(true, t)).toList();
      send(peer, RpcCodec.encode(Rpc.ofSubscriptions(hello)));
    }
    return true;
  }

  /** The peer's stream or connection closed. Its score is kept for a while if it is not positive. */
  public boolean removePeer(PeerId peer) {
    if (peers.remove(peer) == null) {
      return false;
    }
    mesh.values().forEach(m -> m.remove(peer));
    fanout.values().forEach(f -> f.remove(peer));
    pending.remove(peer);
    ihavesThisHeartbeat.remove(peer);
    idsAskedThisHeartbeat.remove(peer);
    unknownGraftRepliesThisHeartbeat.remove(peer);
    score.removePeer(peer, now());
    return true;
  }

  // ---------------------------------------------------------------- application API

  /**
   * Joins {@code topic}: announces the subscription, builds a mesh, and from now on validates and
   * delivers the topic's messages through {@code handler}.
   *
   * @throws IllegalStateException if already subscribed
   */
  public void subscribe(String topic, TopicHandler handler) {
    checkTopic(topic);
    Objects.requireNonNull(handler);
    if (subscriptions.containsKey(topic)) {
      throw new IllegalStateException("already subscribed to '" + topic + "'; unsubscribe first");
    }
    subscriptions.put(topic, handler);
    announce(topic, true);
    join(topic);
    flush();
  }

  /** Leaves {@code topic}: announces it, PRUNEs the mesh with the unsubscribe backoff. */
  public boolean unsubscribe(String topic) {
    if (subscriptions.remove(topic) == null) {
      return false;
    }
    announce(topic, false);
    Set<PeerId> m = mesh.remove(topic);
    long until = now() + config.unsubscribeBackoff().toMillis();
    for (PeerId p : m) {
      score.prune(p, topic, now());
      backoffs.add(topic, p, until);
      pendingFor(p).prune.add(pruneMessage(p, topic, config.unsubscribeBackoff()));
    }
    flush();
    return true;
  }

  /**
   * Publishes {@code data} on {@code topic}, subscribed or not. With flood publishing (default) it
   * goes to every peer in the topic scoring at least {@code publishThreshold}; otherwise to the
   * mesh, or to the fanout when not subscribed. Our own messages are not delivered to our handler.
   */
  public PublishResult publish(String topic, byte[] data) {
    try {
      if (topic == null || topic.isEmpty() || RpcCodec.topicLength(topic) > config.maxTopicLength()) {
        return new PublishResult.Failed("topic must be 1 to " + config.maxTopicLength() + " bytes of UTF-8");
      }
      if (data.length > config.maxMessageSize()) {
        return new PublishResult.Failed("data of " + data.length + " bytes exceeds maxMessageSize "
            + config.maxMessageSize());
      }
      byte[] copy = data.clone();
      PubsubMessage msg = config.signaturePolicy() == SignaturePolicy.STRICT_SIGN
          ? MessageSigning.sign(identity, topic, copy, ++seqno, config.includePublicKey())
          : PubsubMessage.unsigned(topic, copy);
      MessageId id = config.messageIdFunction().apply(msg);
      if (seen.contains(id)) {
        return new PublishResult.Failed("duplicate: message " + id + " was already seen in the last "
            + config.seenTtl().toSeconds() + " s (identical data under StrictNoSign?)");
      }
      seen.put(id, SeenCache.Outcome.OWN, now());
      mcache.put(id, msg, topic);
      Set<PeerId> recipients = publishRecipients(topic);
      if (recipients.isEmpty()) {
        return new PublishResult.NoPeers(id);
      }
      byte[] rpc = RpcCodec.encode(Rpc.ofMessage(msg));
      recipients.forEach(p -> send(p, rpc));
      return new PublishResult.Published(id, recipients.size());
    } finally {
      flush();
    }
  }

  private Set<PeerId> publishRecipients(String topic) {
    double threshold = scoreParams.publishThreshold();
    if (config.floodPublish()) {
      return new LinkedHashSet<>(topicPeers(topic, p -> score(p) >= threshold));
    }
    Set<PeerId> m = mesh.get(topic);
    if (m != null) {
      return new LinkedHashSet<>(m);
    }
    Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
    if (f.isEmpty()) {
      f.addAll(pickRandom(topicPeers(topic, p -> score(p) >= threshold), config.d()));
    }
    fanoutLastPublished.put(topic, now());
    return new LinkedHashSet<>(f);
  }

  // ---------------------------------------------------------------- incoming RPCs

  /** One RPC read from {@code from}'s stream, without its length prefix. */
  public void onRpc(PeerId from, byte[] rpcBytes) {
    try {
      PeerState ps = peers.get(from);
      if (ps == null) {
        LOG.debug("RPC from {}, which is not a known peer; dropped", from);
        return;
      }
      metrics.bytesIn(rpcBytes.length);
      if (score(from) < scoreParams.graylistThreshold()) {
        metrics.graylistedRpc(from);
        return;
      }
      Rpc rpc;
      try {
        rpc = RpcCodec.decode(rpcBytes, limits);
      } catch (ProtoException e) {
        malformed(from, e.getMessage());
        return;
      }
      handleSubscriptions(from, ps, rpc.subscriptions());
      for (PubsubMessage m : rpc.messages()) {
        handleMessage(from, m);
      }
      rpc.control().ifPresent(c -> handleControl(from, ps, c));
    } finally {
      flush();
    }
  }

  /**
   * Reports bytes from {@code peer} that never reached the router because the transport could not
   * frame them (an oversize or broken length prefix): the same behaviour penalty as a malformed RPC.
   */
  public void reportMalformed(PeerId peer, String reason) {
    if (peers().contains(peer)) {
      malformed(peer, reason);
    }
  }

  private void malformed(PeerId from, String reason) {
    LOG.debug("malformed RPC from {}: {}", from, reason);
    metrics.malformedRpc(from, reason);
    score.addPenalty(from, 1);
  }

  private void handleSubscriptions(PeerId from, PeerState ps, List<Rpc.SubOpts> subs) {
    for (Rpc.SubOpts s : subs) {
      String topic = s.topic();
      if (s.subscribe()) {
        if (ps.topics.size() >= config.maxTopicsPerPeer() && !ps.topics.contains(topic)) {
          LOG.debug("{} subscribes to more than {} topics; ignoring '{}'", from, config.maxTopicsPerPeer(), topic);
          continue;
        }
        ps.topics.add(topic);
      } else {
        ps.topics.remove(topic);
        Set<PeerId> m = mesh.get(topic);
        if (m != null && m.remove(from)) {
          score.prune(from, topic, now());
        }
        Set<PeerId> f = fanout.get(topic);
        if (f != null) {
          f.remove(from);
        }
      }
    }
  }

  private void handleMessage(PeerId from, PubsubMessage msg) {
    if (msg.topic().isEmpty()) {
      malformed(from, "message without a topic");
      return;
    }
    String topic = msg.topic().get();
    TopicHandler handler = subscriptions.get(topic);
    if (handler == null) {
      LOG.debug("message from {} on '{}', which we are not subscribed to; ignored", from, topic);
      return;
    }
    metrics.messageReceived(topic);
    if (msg.dataLength() > config.maxMessageSize()) {
      invalid(from, topic, "data of " + msg.dataLength() + " bytes exceeds maxMessageSize " + config.maxMessageSize());
      return;
    }
    // Duplicates are dropped before the signature check, which is the expensive part (each
    // message arrives from several mesh peers). Safe because only verified messages enter the seen
    // cache: a forgery can at most be taken for a copy of a genuine message we already have.
    Optional<MessageId> maybeId = messageId(msg);
    long now = now();
    Optional<SeenCache.Entry> earlier = maybeId.flatMap(seen::get);
    if (earlier.isPresent()) {
      metrics.duplicateMessage(topic);
      switch (earlier.get().outcome()) {
        case REJECTED -> score.invalidMessage(from, topic);
        case ACCEPTED -> score.duplicateDelivery(from, topic, earlier.get().firstSeenMillis(), now);
        default -> { }
      }
      return;
    }
    Optional<String> policyViolation = MessageSigning.check(msg, config.signaturePolicy());
    if (policyViolation.isPresent()) {
      // Not recorded as seen: a forgery must not shadow the genuine message's id.
      invalid(from, topic, policyViolation.get());
      return;
    }
    if (maybeId.isEmpty()) {
      invalid(from, topic, "the message id function failed on it");
      return;
    }
    MessageId id = maybeId.get();
    promises.fulfilled(id);
    Optional<PeerId> author = MessageSigning.author(msg);
    if (author.isPresent() && author.get().equals(identity.peerId())) {
      // Our own message coming back to us, from before a restart: never deliver or forward it.
      seen.put(id, SeenCache.Outcome.OWN, now);
      return;
    }
    GossipMessage gm = new GossipMessage(topic, msg.dataOrEmpty(), id, author,
        msg.seqno().map(s -> OptionalLong.of(MessageSigning.seqnoValue(s))).orElse(OptionalLong.empty()), from);
    ValidationResult verdict = validate(handler, gm);
    if (verdict instanceof ValidationResult.Accept) {
      seen.put(id, SeenCache.Outcome.ACCEPTED, now);
      mcache.put(id, msg, topic);
      score.firstDelivery(from, topic);
      forward(msg, topic, from, author);
      metrics.messageDelivered(topic);
      try {
        handler.deliver(gm);
      } catch (RuntimeException e) {
        LOG.warn("handler of '{}' failed to take message {}", topic, id, e);
      }
    } else if (verdict instanceof ValidationResult.Reject r) {
      seen.put(id, SeenCache.Outcome.REJECTED, now);
      invalid(from, topic, r.reason());
    } else {
      seen.put(id, SeenCache.Outcome.IGNORED, now);
      metrics.ignoredMessage(topic);
    }
  }

  private Optional<MessageId> messageId(PubsubMessage msg) {
    try {
      return Optional.of(config.messageIdFunction().apply(msg));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private ValidationResult validate(TopicHandler handler, GossipMessage gm) {
    try {
      return Objects.requireNonNull(handler.validate(gm), "validate returned null");
    } catch (RuntimeException e) {
      LOG.warn("validator of '{}' failed on message {}; treated as IGNORE", gm.topic(), gm.id(), e);
      return ValidationResult.ignore("validator failed: " + e);
    }
  }

  private void invalid(PeerId from, String topic, String reason) {
    LOG.debug("invalid message from {} on '{}': {}", from, topic, reason);
    metrics.invalidMessage(topic, reason);
    score.invalidMessage(from, topic);
  }

  private void forward(PubsubMessage msg, String topic, PeerId source, Optional<PeerId> author) {
    Set<PeerId> m = mesh.getOrDefault(topic, Set.of());
    List<PeerId> to = m.stream().filter(p -> !p.equals(source) && author.map(a -> !a.equals(p)).orElse(true)).toList();
    if (to.isEmpty()) {
      return;
    }
    byte[] rpc = RpcCodec.encode(Rpc.ofMessage(msg));
    to.forEach(p -> send(p, rpc));
  }

  private void handleControl(PeerId from, PeerState ps, Rpc.Control control) {
    handleIHave(from, control.ihave());
    handleIWant(from, control.iwant());
    handleGraft(from, ps, control.graft());
    handlePrune(from, ps, control.prune());
  }

  private void handleIHave(PeerId from, List<Rpc.IHave> ihaves) {
    if (ihaves.isEmpty() || score(from) < scoreParams.gossipThreshold()) {
      return;
    }
    int received = ihavesThisHeartbeat.merge(from, 1, Integer::sum);
    if (received > config.maxIHaveMessages()) {
      LOG.debug("{} sent {} IHAVEs this heartbeat; ignoring the rest", from, received);
      return;
    }
    int asked = idsAskedThisHeartbeat.getOrDefault(from, 0);
    if (asked >= config.maxIHaveLength()) {
      return;
    }
    Set<MessageId> want = new LinkedHashSet<>();
    for (Rpc.IHave ih : ihaves) {
      if (!mesh.containsKey(ih.topic())) {
        continue;
      }
      for (MessageId id : ih.messageIds()) {
        if (!seen.contains(id)) {
          want.add(id);
        }
      }
    }
    if (want.isEmpty()) {
      return;
    }
    List<MessageId> ask = pickRandom(new ArrayList<>(want), config.maxIHaveLength() - asked);
    idsAskedThisHeartbeat.put(from, asked + ask.size());
    promises.add(from, ask.get(random.nextInt(ask.size())), now() + config.iwantFollowupTime().toMillis());
    pendingFor(from).iwant.addAll(ask);
  }

  private void handleIWant(PeerId from, List<Rpc.IWant> iwants) {
    if (iwants.isEmpty() || score(from) < scoreParams.gossipThreshold()) {
      return;
    }
    for (Rpc.IWant iw : iwants) {
      for (MessageId id : iw.messageIds()) {
        mcache.serve(id, from, config.gossipRetransmission())
            .ifPresent(m -> send(from, RpcCodec.encode(Rpc.ofMessage(m))));
      }
    }
  }

  private void handleGraft(PeerId from, PeerState ps, List<Rpc.Graft> grafts) {
    long now = now();
    for (Rpc.Graft g : grafts) {
      String topic = g.topic();
      Set<PeerId> m = mesh.get(topic);
      if (m == null) {
        // gossipsub v1.0 answers with PRUNE; v1.1 (and go, js) ignore it as spam. The replies are
        // capped per heartbeat, and the backoff is kept on our side too, so that if we join the
        // topic soon we do not GRAFT a peer that is backing off from us.
        int replies = unknownGraftRepliesThisHeartbeat.merge(from, 1, Integer::sum);
        if (config.pruneUnknownTopicGrafts() && replies <= MAX_UNKNOWN_GRAFT_REPLIES) {
          refuseGraft(from, topic, now);
        }
        continue;
      }
      if (m.contains(from)) {
        continue;
      }
      OptionalLong backoffUntil = backoffs.expiry(topic, from);
      if (backoffUntil.isPresent() && now < backoffUntil.getAsLong()) {
        // A v1.0 peer cannot know about backoff: refuse its GRAFT without a penalty.
        if (ps.v11) {
          score.addPenalty(from, 1);
          long floodCutoff = backoffUntil.getAsLong() - config.pruneBackoff().toMillis()
              + config.graftFloodThreshold().toMillis();
          if (now < floodCutoff) {
            score.addPenalty(from, 1);
          }
          LOG.debug("{} GRAFTed '{}' during its backoff; penalised", from, topic);
        }
        refuseGraft(from, topic, now);
        continue;
      }
      if (score(from) < 0) {
        refuseGraft(from, topic, now);
        continue;
      }
      if (m.size() >= config.dHi() && !ps.outbound) {
        refuseGraft(from, topic, now);
        continue;
      }
      m.add(from);
      score.graft(from, topic, now);
    }
  }

  private void refuseGraft(PeerId peer, String topic, long now) {
    backoffs.add(topic, peer, now + config.pruneBackoff().toMillis());
    pendingFor(peer).prune.add(pruneMessage(peer, topic, config.pruneBackoff()));
  }

  private void handlePrune(PeerId from, PeerState ps, List<Rpc.Prune> prunes) {
    long now = now();
    for (Rpc.Prune pr : prunes) {
      String topic = pr.topic();
      Set<PeerId> m = mesh.get(topic);
      if (m != null && m.remove(from)) {
        score.prune(from, topic, now);
      }
      if (m == null && backoffs.expiry(topic, from).isEmpty()) {
        // Not our topic: keep no state for it, or PRUNEs of random topics would fill the map.
        continue;
      }
      long maxSeconds = config.maxAcceptedBackoff().toSeconds();
      long seconds = pr.backoffSeconds().orElse(config.pruneBackoff().toSeconds());
      if (seconds < 0 || seconds > maxSeconds) {
        seconds = maxSeconds;
      }
      backoffs.add(topic, from, now + seconds * 1000);
      if (ps.v11 && !pr.peers().isEmpty() && score(from) >= scoreParams.acceptPXThreshold()) {
        List<PeerId> candidates = pr.peers().stream().map(Rpc.PeerInfo::parsedPeerId).flatMap(Optional::stream)
            .filter(p -> !p.equals(identity.peerId())).distinct().toList();
        if (!candidates.isEmpty()) {
          outbound.peerExchange(from, topic, candidates);
        }
      }
    }
  }

  // ---------------------------------------------------------------- heartbeat

  /** Mesh and fanout maintenance, gossip emission, score decay, cache expiry. */
  public void heartbeat() {
    try {
      long now = now();
      heartbeats++;
      ihavesThisHeartbeat.clear();
      idsAskedThisHeartbeat.clear();
      unknownGraftRepliesThisHeartbeat.clear();
      promises.collectBroken(now).forEach((p, n) -> {
        LOG.debug("{} broke {} IWANT promises", p, n);
        score.addPenalty(p, n);
      });
      score.decayIfDue(now);
      long slack = config.heartbeatInterval().toMillis();
      backoffs.purge(now, slack);

      for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
        maintainMesh(e.getKey(), e.getValue(), now, slack);
        emitGossip(e.getKey(), e.getValue());
        metrics.meshSize(e.getKey(), e.getValue().size());
      }
      maintainFanout(now);
      if (config.disconnectGraylisted()) {
        for (PeerId p : List.copyOf(peers.keySet())) {
          if (score(p) < scoreParams.graylistThreshold()) {
            outbound.disconnect(p, "gossipsub score " + score(p) + " below graylist threshold");
          }
        }
      }
      mcache.shift();
      seen.purge(now);
    } finally {
      flush();
    }
  }

  private void maintainMesh(String topic, Set<PeerId> m, long now, long slack) {
    for (PeerId p : List.copyOf(m)) {
      if (score(p) < 0) {
        m.remove(p);
        score.prune(p, topic, now);
        backoffs.add(topic, p, now + config.pruneBackoff().toMillis());
        pendingFor(p).prune.add(pruneMessage(p, topic, config.pruneBackoff()));
      }
    }
    Predicate<PeerId> graftable = p -> !m.contains(p) && !backoffs.active(topic, p, now, slack) && score(p) >= 0;
    if (m.size() < config.dLo()) {
      graft(topic, m, pickRandom(topicPeers(topic, graftable), config.d() - m.size()), now);
    }
    if (m.size() > config.dHi()) {
      pruneOversubscribed(topic, m, now);
    }
    if (m.size() >= config.dLo()) {
      long outboundCount = m.stream().filter(this::isOutbound).count();
      if (outboundCount < config.dOut()) {
        List<PeerId> candidates = topicPeers(topic, graftable.and(this::isOutbound));
        graft(topic, m, pickRandom(candidates, (int) (config.dOut() - outboundCount)), now);
      }
    }
    if (config.opportunisticGraftTicks() > 0 && heartbeats % config.opportunisticGraftTicks() == 0 && m.size() > 1) {
      List<Double> scores = m.stream().map(this::score).sorted().toList();
      double median = scores.get(scores.size() / 2);
      if (median < scoreParams.opportunisticGraftThreshold()) {
        List<PeerId> better = topicPeers(topic, graftable.and(p -> score(p) > median));
        graft(topic, m, pickRandom(better, config.opportunisticGraftPeers()), now);
      }
    }
  }

  /**
   * Keeps D peers: the D_score best by score, the rest at random, then swaps in outbound peers
   * until D_out of the kept are outbound (gossipsub v1.1 heartbeat maintenance).
   */
  private void pruneOversubscribed(String topic, Set<PeerId> m, long now) {
    List<PeerId> byScore = shuffled(m);
    byScore.sort(Comparator.comparingDouble(this::score).reversed());
    List<PeerId> keep = new ArrayList<>(byScore.subList(0, config.dScore()));
    List<PeerId> rest = shuffled(byScore.subList(config.dScore(), byScore.size()));
    keep.addAll(rest.subList(0, config.d() - config.dScore()));
    List<PeerId> dropped = new ArrayList<>(rest.subList(config.d() - config.dScore(), rest.size()));
    long missingOutbound = config.dOut() - keep.stream().filter(this::isOutbound).count();
    List<PeerId> outboundDropped = dropped.stream().filter(this::isOutbound).toList();
    for (int j = 0, i = keep.size() - 1; j < outboundDropped.size() && missingOutbound > 0 && i >= 0; i--) {
      if (!isOutbound(keep.get(i))) {
        keep.set(i, outboundDropped.get(j++));
        missingOutbound--;
      }
    }
    Set<PeerId> kept = new LinkedHashSet<>(keep);
    for (PeerId p : List.copyOf(m)) {
      if (!kept.contains(p)) {
        m.remove(p);
        score.prune(p, topic, now);
        backoffs.add(topic, p, now + config.pruneBackoff().toMillis());
        pendingFor(p).prune.add(pruneMessage(p, topic, config.pruneBackoff()));
      }
    }
  }

  private void graft(String topic, Set<PeerId> m, List<PeerId> toGraft, long now) {
    for (PeerId p : toGraft) {
      m.add(p);
      score.graft(p, topic, now);
      pendingFor(p).graft.add(new Rpc.Graft(topic));
    }
  }

  private void maintainFanout(long now) {
    double threshold = scoreParams.publishThreshold();
    for (Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Set<PeerId>> e = it.next();
      String topic = e.getKey();
      if (fanoutLastPublished.getOrDefault(topic, 0L) + config.fanoutTtl().toMillis() < now) {
        it.remove();
        fanoutLastPublished.remove(topic);
        continue;
      }
      Set<PeerId> f = e.getValue();
      f.removeIf(p -> !inTopic(p, topic) || score(p) < threshold);
      if (f.size() < config.d()) {
        f.addAll(pickRandom(topicPeers(topic, p -> !f.contains(p) && score(p) >= threshold), config.d() - f.size()));
      }
      emitGossip(topic, f);
    }
  }

  /** IHAVE of the recent ids in {@code topic} to max(D_lazy, factor x eligible) peers outside {@code exclude}. */
  private void emitGossip(String topic, Set<PeerId> exclude) {
    List<MessageId> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    if (ids.size() > config.maxIHaveLength()) {
      ids = pickRandom(ids, config.maxIHaveLength());
    }
    List<PeerId> eligible = topicPeers(topic, p -> !exclude.contains(p) && score(p) >= scoreParams.gossipThreshold());
    int target = Math.max(config.dLazy(), (int) (config.gossipFactor() * eligible.size()));
    Rpc.IHave ihave = new Rpc.IHave(topic, ids);
    for (PeerId p : pickRandom(eligible, target)) {
      pendingFor(p).ihave.add(ihave);
    }
  }

  // ---------------------------------------------------------------- queries

  /** This peer's current score (0 for an unknown peer). */
  public double score(PeerId peer) {
    return score.score(peer, now());
  }

  /** Sets P5, the application's own opinion of a peer (e.g. a chain member or not). */
  public void setApplicationScore(PeerId peer, double value) {
    score.setApplicationScore(peer, value);
  }

  public Set<PeerId> meshPeers(String topic) {
    Set<PeerId> m = mesh.get(topic);
    return m == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(m));
  }

  /** The topics {@code peer} announced; empty for an unknown peer. */
  public Set<String> topicsOf(PeerId peer) {
    PeerState ps = peers.get(peer);
    return ps == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(ps.topics));
  }

  public Set<PeerId> peers() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(peers.keySet()));
  }

  public Set<String> subscribedTopics() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(subscriptions.keySet()));
  }

  public PeerId localPeerId() {
    return identity.peerId();
  }

  public GossipConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- helpers

  private void announce(String topic, boolean subscribe) {
    if (peers.isEmpty()) {
      return;
    }
    byte[] rpc = RpcCodec.encode(Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(subscribe, topic))));
    peers.keySet().forEach(p -> send(p, rpc));
  }

  /** JOIN: fanout peers first, then other topic peers, up to D; GRAFT them all. */
  private void join(String topic) {
    long now = now();
    long slack = config.heartbeatInterval().toMillis();
    Set<PeerId> m = new LinkedHashSet<>();
    Set<PeerId> f = fanout.remove(topic);
    fanoutLastPublished.remove(topic);
    Predicate<PeerId> graftable = p -> inTopic(p, topic) && !backoffs.active(topic, p, now, slack) && score(p) >= 0;
    if (f != null) {
      f.stream().filter(graftable).limit(config.d()).forEach(m::add);
    }
    if (m.size() < config.d()) {
      m.addAll(pickRandom(topicPeers(topic, graftable.and(p -> !m.contains(p))), config.d() - m.size()));
    }
    mesh.put(topic, m);
    for (PeerId p : m) {
      score.graft(p, topic, now);
      pendingFor(p).graft.add(new Rpc.Graft(topic));
    }
  }

  /** A PRUNE for {@code peer}: with backoff for v1.1 peers, bare for v1.0 ones. */
  private Rpc.Prune pruneMessage(PeerId peer, String topic, Duration backoff) {
    PeerState ps = peers.get(peer);
    OptionalLong seconds = ps != null && ps.v11 ? OptionalLong.of(backoff.toSeconds()) : OptionalLong.empty();
    return new Rpc.Prune(topic, List.of(), seconds);
  }

  private List<PeerId> topicPeers(String topic, Predicate<PeerId> filter) {
    List<PeerId> out = new ArrayList<>();
    peers.forEach((p, ps) -> {
      if (ps.topics.contains(topic) && filter.test(p)) {
        out.add(p);
      }
    });
    return out;
  }

  private boolean inTopic(PeerId p, String topic) {
    PeerState ps = peers.get(p);
    return ps != null && ps.topics.contains(topic);
  }

  private boolean isOutbound(PeerId p) {
    PeerState ps = peers.get(p);
    return ps != null && ps.outbound;
  }

  private <T> List<T> shuffled(java.util.Collection<T> items) {
    List<T> list = new ArrayList<>(items);
    Collections.shuffle(list, random);
    return list;
  }

  private <T> List<T> pickRandom(List<T> items, int n) {
    if (n <= 0) {
      return List.of();
    }
    List<T> list = shuffled(items);
    return list.size() <= n ? list : new ArrayList<>(list.subList(0, n));
  }

  private PendingControl pendingFor(PeerId peer) {
    return pending.computeIfAbsent(peer, p -> new PendingControl());
  }

  /** Sends the control messages queued during the current event, one RPC per peer. */
  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerId, PendingControl>> batch = new ArrayList<>(pending.entrySet());
    pending.clear();
    for (Map.Entry<PeerId, PendingControl> e : batch) {
      if (!peers.containsKey(e.getKey())) {
        continue;
      }
      PendingControl c = e.getValue();
      List<Rpc.IWant> iwant = c.iwant.isEmpty() ? List.of() : List.of(new Rpc.IWant(c.iwant));
      Rpc.Control control = new Rpc.Control(c.ihave, iwant, c.graft, c.prune);
      if (!control.isEmpty()) {
        send(e.getKey(), RpcCodec.encode(Rpc.ofControl(control)));
      }
    }
  }

  private void send(PeerId peer, byte[] rpc) {
    metrics.bytesOut(rpc.length);
    outbound.send(peer, rpc);
  }

  private void checkTopic(String topic) {
    if (topic == null || topic.isEmpty() || RpcCodec.topicLength(topic) > config.maxTopicLength()) {
      throw new IllegalArgumentException("topic must be 1 to " + config.maxTopicLength() + " bytes of UTF-8, got '"
          + topic + "'");
    }
  }

  private long now() {
    return clock.millis();
  }
}
