package io.fedchain.p2p.gossip;

import java.time.Duration;
import java.util.Objects;

/**
 * Router parameters. Defaults are the gossipsub v1.0/v1.1 specs' (D=6, D_lo=5, D_hi=12, D_score=4,
 * D_out=2, D_lazy=6, gossip factor 0.25, heartbeat 1 s, fanout TTL 60 s, mcache 5/3, seen TTL
 * 2 min, prune backoff 1 min, unsubscribe backoff 10 s) and go-libp2p-pubsub's spam limits
 * (IHAVE length 5000, 10 IHAVEs per heartbeat, IWANT follow-up 3 s, 3 retransmissions).
 *
 * <p>{@code maxMessageSize} bounds a message's data (default 4 MiB, at most 16 MiB); an RPC may be
 * {@link #maxRpcSize()} bytes. js-libp2p refuses RPCs above 4 MiB, so with js peers keep data
 * under 4 MiB minus {@link #RPC_OVERHEAD}.
 *
 * <p>{@code messageIdFunction} must agree across the network (see {@link MessageIdFunction}): the
 * default is the spec's {@code from || seqno}; with js-libp2p peers set
 * {@link MessageIdFunction#PUBLIC_KEY_AND_SEQNO}.
 */
public record GossipConfig(
    int d,
    int dLo,
    int dHi,
    int dScore,
    int dOut,
    int dLazy,
    double gossipFactor,
    Duration heartbeatInterval,
    Duration fanoutTtl,
    int mcacheLength,
    int mcacheGossip,
    Duration seenTtl,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    Duration graftFloodThreshold,
    Duration maxAcceptedBackoff,
    int maxIHaveLength,
    int maxIHaveMessages,
    Duration iwantFollowupTime,
    int gossipRetransmission,
    boolean floodPublish,
    int opportunisticGraftTicks,
    int opportunisticGraftPeers,
    boolean pruneUnknownTopicGrafts,
    boolean disconnectGraylisted,
    int maxMessageSize,
    int maxTopicLength,
    int maxSubscriptionsPerRpc,
    int maxMessagesPerRpc,
    int maxMessageIdsPerRpc,
    int maxControlEntriesPerRpc,
    int maxPrunePeers,
    int maxMessageIdLength,
    int maxTopicsPerPeer,
    SignaturePolicy signaturePolicy,
    MessageIdFunction messageIdFunction,
    boolean includePublicKey,
    ScoreParams score) {

  public static final int MIB = 1024 * 1024;
  public static final int MAX_MESSAGE_SIZE_LIMIT = 16 * MIB;

  public GossipConfig {
    if (!(dLo <= d && d <= dHi && dLo >= 0)) {
      throw new IllegalArgumentException("mesh degrees must satisfy 0 <= D_lo <= D <= D_hi, got D_lo " + dLo + ", D " + d
          + ", D_hi " + dHi);
    }
    if (dOut < 0 || (dOut > 0 && (dOut >= dLo || dOut > d / 2))) {
      throw new IllegalArgumentException("D_out must be below D_lo and at most D/2, got " + dOut);
    }
    if (dScore < 0 || dScore > d) {
      throw new IllegalArgumentException("D_score must be in [0, D], got " + dScore);
    }
    if (dLazy < 0 || !(gossipFactor >= 0 && gossipFactor <= 1)) {
      throw new IllegalArgumentException("D_lazy must be >= 0 and the gossip factor in [0, 1], got " + dLazy + ", "
          + gossipFactor);
    }
    if (mcacheLength < 1 || mcacheGossip < 0 || mcacheGossip > mcacheLength) {
      throw new IllegalArgumentException("mcache needs 0 <= mcacheGossip <= mcacheLength, 1 <= mcacheLength, got "
          + mcacheGossip + " and " + mcacheLength);
    }
    for (Duration t : new Duration[] {heartbeatInterval, fanoutTtl, seenTtl, pruneBackoff, unsubscribeBackoff,
        iwantFollowupTime, maxAcceptedBackoff}) {
      TopicScoreParams.requirePositive("durations", t);
    }
    TopicScoreParams.requireNonNegative("graftFloodThreshold", graftFloodThreshold);
    if (maxMessageSize <= 0 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
      throw new IllegalArgumentException("maxMessageSize must be in (0, " + MAX_MESSAGE_SIZE_LIMIT + "] bytes, got "
          + maxMessageSize);
    }
    if (maxIHaveLength < 0 || maxIHaveMessages < 0 || gossipRetransmission < 0 || opportunisticGraftTicks < 0
        || opportunisticGraftPeers < 0 || maxTopicLength <= 0 || maxSubscriptionsPerRpc < 0 || maxMessagesPerRpc < 0
        || maxMessageIdsPerRpc < 0 || maxControlEntriesPerRpc < 0 || maxPrunePeers < 0 || maxMessageIdLength <= 0
        || maxTopicsPerPeer < 0) {
      throw new IllegalArgumentException("gossip limits must not be negative");
    }
    Objects.requireNonNull(signaturePolicy, "signaturePolicy");
    if (messageIdFunction == null) {
      messageIdFunction = MessageIdFunction.defaultFor(signaturePolicy);
    }
    Objects.requireNonNull(score, "score");
  }

  /** The spec defaults. */
  public static GossipConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.d = d;
    b.dLo = dLo;
    b.dHi = dHi;
    b.dScore = dScore;
    b.dOut = dOut;
    b.dLazy = dLazy;
    b.gossipFactor = gossipFactor;
    b.heartbeatInterval = heartbeatInterval;
    b.fanoutTtl = fanoutTtl;
    b.mcacheLength = mcacheLength;
    b.mcacheGossip = mcacheGossip;
    b.seenTtl = seenTtl;
    b.pruneBackoff = pruneBackoff;
    b.unsubscribeBackoff = unsubscribeBackoff;
    b.graftFloodThreshold = graftFloodThreshold;
    b.maxAcceptedBackoff = maxAcceptedBackoff;
    b.maxIHaveLength = maxIHaveLength;
    b.maxIHaveMessages = maxIHaveMessages;
    b.iwantFollowupTime = iwantFollowupTime;
    b.gossipRetransmission = gossipRetransmission;
    b.floodPublish = floodPublish;
    b.opportunisticGraftTicks = opportunisticGraftTicks;
    b.opportunisticGraftPeers = opportunisticGraftPeers;
    b.pruneUnknownTopicGrafts = pruneUnknownTopicGrafts;
    b.disconnectGraylisted = disconnectGraylisted;
    b.maxMessageSize = maxMessageSize;
    b.maxTopicLength = maxTopicLength;
    b.maxSubscriptionsPerRpc = maxSubscriptionsPerRpc;
    b.maxMessagesPerRpc = maxMessagesPerRpc;
    b.maxMessageIdsPerRpc = maxMessageIdsPerRpc;
    b.maxControlEntriesPerRpc = maxControlEntriesPerRpc;
    b.maxPrunePeers = maxPrunePeers;
    b.maxMessageIdLength = maxMessageIdLength;
    b.maxTopicsPerPeer = maxTopicsPerPeer;
    b.signaturePolicy = signaturePolicy;
    // A policy default stays a default, so that changing the policy changes the id function too.
    b.messageIdFunction = messageIdFunction == MessageIdFunction.defaultFor(signaturePolicy) ? null :
        messageIdFunction;
    b.includePublicKey = includePublicKey;
    b.score = score;
    return b;
  }

  /** Room in one RPC beyond a maximal message's data: the other fields, framing of the repeated field, control. */
  public static final int RPC_OVERHEAD = 64 * 1024;

  /** The largest RPC to accept, without its length prefix: the integrator's frame reader limit. */
  public int maxRpcSize() {
    return maxMessageSize + RPC_OVERHEAD;
  }

  public RpcLimits rpcLimits() {
    return new RpcLimits(maxRpcSize(), maxSubscriptionsPerRpc, maxMessagesPerRpc, maxMessageIdsPerRpc,
        maxControlEntriesPerRpc, maxPrunePeers, maxTopicLength, maxMessageIdLength);
  }

  /** Starts from the defaults; {@link #build} validates. */
  public static final class Builder {
    private int d = 6;
    private int dLo = 5;
    private int dHi = 12;
    private int dScore = 4;
    private int dOut = 2;
    private int dLazy = 6;
    private double gossipFactor = 0.25;
    private Duration heartbeatInterval = Duration.ofSeconds(1); // how often the integrator calls heartbeat()
    private Duration fanoutTtl = Duration.ofSeconds(60);
    private int mcacheLength = 5;
    private int mcacheGossip = 3;
    private Duration seenTtl = Duration.ofMinutes(2);
    private Duration pruneBackoff = Duration.ofMinutes(1);
    private Duration unsubscribeBackoff = Duration.ofSeconds(10);
    private Duration graftFloodThreshold = Duration.ofSeconds(10); // a GRAFT this soon after a PRUNE costs double
    private Duration maxAcceptedBackoff = Duration.ofHours(1); // a peer's PRUNE backoff is capped here
    private int maxIHaveLength = 5000; // ids asked per peer per heartbeat; ids per IHAVE sent
    private int maxIHaveMessages = 10; // IHAVEs heeded per peer per heartbeat
    private Duration iwantFollowupTime = Duration.ofSeconds(3); // an IWANT unanswered this long is a broken promise
    private int gossipRetransmission = 3; // times one message is sent to one peer by IWANT
    private boolean floodPublish = true;
    private int opportunisticGraftTicks = 60; // heartbeats between opportunistic grafts; 0 = never
    private int opportunisticGraftPeers = 2;
    private boolean pruneUnknownTopicGrafts = true; // v1.0 behaviour; go and js ignore such GRAFTs
    private boolean disconnectGraylisted = false; // ask Outbound to disconnect peers below graylist
    private int maxMessageSize = 4 * MIB; // bytes of a message's data
    private int maxTopicLength = 256; // bytes (UTF-8)
    private int maxSubscriptionsPerRpc = 1000;
    private int maxMessagesPerRpc = 1000;
    private int maxMessageIdsPerRpc = 50_000;
    private int maxControlEntriesPerRpc = 10_000;
    private int maxPrunePeers = 64;
    private int maxMessageIdLength = 256;
    private int maxTopicsPerPeer = 1000; // further subscriptions from a peer are ignored
    private SignaturePolicy signaturePolicy = SignaturePolicy.STRICT_SIGN;
    private MessageIdFunction messageIdFunction = null; // null = the policy's default
    private boolean includePublicKey = true; // send the key field, as js does
    private ScoreParams score = ScoreParams.defaults();

    private Builder() {}

    public Builder d(int value) {
      this.d = value;
      return this;
    }

    public Builder dLo(int value) {
      this.dLo = value;
      return this;
    }

    public Builder dHi(int value) {
      this.dHi = value;
      return this;
    }

    public Builder dScore(int value) {
      this.dScore = value;
      return this;
    }

    public Builder dOut(int value) {
      this.dOut = value;
      return this;
    }

    public Builder dLazy(int value) {
      this.dLazy = value;
      return this;
    }

    public Builder gossipFactor(double value) {
      this.gossipFactor = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = value;
      return this;
    }

    public Builder fanoutTtl(Duration value) {
      this.fanoutTtl = value;
      return this;
    }

    public Builder mcacheLength(int value) {
      this.mcacheLength = value;
      return this;
    }

    public Builder mcacheGossip(int value) {
      this.mcacheGossip = value;
      return this;
    }

    public Builder seenTtl(Duration value) {
      this.seenTtl = value;
      return this;
    }

    public Builder pruneBackoff(Duration value) {
      this.pruneBackoff = value;
      return this;
    }

    public Builder unsubscribeBackoff(Duration value) {
      this.unsubscribeBackoff = value;
      return this;
    }

    public Builder graftFloodThreshold(Duration value) {
      this.graftFloodThreshold = value;
      return this;
    }

    public Builder maxAcceptedBackoff(Duration value) {
      this.maxAcceptedBackoff = value;
      return this;
    }

    public Builder maxIHaveLength(int value) {
      this.maxIHaveLength = value;
      return this;
    }

    public Builder maxIHaveMessages(int value) {
      this.maxIHaveMessages = value;
      return this;
    }

    public Builder iwantFollowupTime(Duration value) {
      this.iwantFollowupTime = value;
      return this;
    }

    public Builder gossipRetransmission(int value) {
      this.gossipRetransmission = value;
      return this;
    }

    public Builder floodPublish(boolean value) {
      this.floodPublish = value;
      return this;
    }

    public Builder opportunisticGraftTicks(int value) {
      this.opportunisticGraftTicks = value;
      return this;
    }

    public Builder opportunisticGraftPeers(int value) {
      this.opportunisticGraftPeers = value;
      return this;
    }

    public Builder pruneUnknownTopicGrafts(boolean value) {
      this.pruneUnknownTopicGrafts = value;
      return this;
    }

    public Builder disconnectGraylisted(boolean value) {
      this.disconnectGraylisted = value;
      return this;
    }

    public Builder maxMessageSize(int value) {
      this.maxMessageSize = value;
      return this;
    }

    public Builder maxTopicLength(int value) {
      this.maxTopicLength = value;
      return this;
    }

    public Builder maxSubscriptionsPerRpc(int value) {
      this.maxSubscriptionsPerRpc = value;
      return this;
    }

    public Builder maxMessagesPerRpc(int value) {
      this.maxMessagesPerRpc = value;
      return this;
    }

    public Builder maxMessageIdsPerRpc(int value) {
      this.maxMessageIdsPerRpc = value;
      return this;
    }

    public Builder maxControlEntriesPerRpc(int value) {
      this.maxControlEntriesPerRpc = value;
      return this;
    }

    public Builder maxPrunePeers(int value) {
      this.maxPrunePeers = value;
      return this;
    }

    public Builder maxMessageIdLength(int value) {
      this.maxMessageIdLength = value;
      return this;
    }

    public Builder maxTopicsPerPeer(int value) {
      this.maxTopicsPerPeer = value;
      return this;
    }

    public Builder signaturePolicy(SignaturePolicy value) {
      this.signaturePolicy = value;
      return this;
    }

    public Builder messageIdFunction(MessageIdFunction value) {
      this.messageIdFunction = value;
      return this;
    }

    public Builder includePublicKey(boolean value) {
      this.includePublicKey = value;
      return this;
    }

    public Builder score(ScoreParams value) {
      this.score = value;
      return this;
    }

    public GossipConfig build() {
      return new GossipConfig(d, dLo, dHi, dScore, dOut, dLazy, gossipFactor, heartbeatInterval, fanoutTtl,
          mcacheLength, mcacheGossip, seenTtl, pruneBackoff, unsubscribeBackoff, graftFloodThreshold,
          maxAcceptedBackoff, maxIHaveLength, maxIHaveMessages, iwantFollowupTime, gossipRetransmission, floodPublish,
          opportunisticGraftTicks, opportunisticGraftPeers, pruneUnknownTopicGrafts, disconnectGraylisted,
          maxMessageSize, maxTopicLength, maxSubscriptionsPerRpc, maxMessagesPerRpc, maxMessageIdsPerRpc,
          maxControlEntriesPerRpc, maxPrunePeers, maxMessageIdLength, maxTopicsPerPeer, signaturePolicy,
          messageIdFunction, includePublicKey, score);
    }
  }
}
