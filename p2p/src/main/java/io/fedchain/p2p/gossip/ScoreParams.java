package io.fedchain.p2p.gossip;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Peer scoring of gossipsub v1.1: thresholds, decay, and the topic-independent parameters P5
 * (application), P6 (IP colocation), P7 (behaviour penalty). The thresholds are js-libp2p's
 * defaults; the weights are chosen so that three invalid messages, or five behaviour incidents
 * (malformed RPCs, GRAFTs during backoff, unanswered IWANTs), put a peer below the graylist.
 */
public record ScoreParams(
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double acceptPXThreshold,
    double opportunisticGraftThreshold,
    Duration decayInterval,
    double decayToZero,
    Duration retainScore,
    double topicScoreCap,
    double appSpecificWeight,
    double ipColocationFactorWeight,
    double ipColocationFactorThreshold,
    double behaviourPenaltyWeight,
    double behaviourPenaltyThreshold,
    double behaviourPenaltyDecay,
    TopicScoreParams defaultTopicParams,
    Map<String, TopicScoreParams> topicParams) {

  public ScoreParams {
    if (!(graylistThreshold < publishThreshold && publishThreshold <= gossipThreshold && gossipThreshold < 0)) {
      throw new IllegalArgumentException("thresholds must satisfy graylist < publish <= gossip < 0, got graylist "
          + graylistThreshold + ", publish " + publishThreshold + ", gossip " + gossipThreshold);
    }
    TopicScoreParams.requireNonNegative("acceptPXThreshold", acceptPXThreshold);
    TopicScoreParams.requireNonNegative("opportunisticGraftThreshold", opportunisticGraftThreshold);
    TopicScoreParams.requirePositive("decayInterval", decayInterval);
    if (!(decayToZero > 0 && decayToZero < 1)) {
      throw new IllegalArgumentException("decayToZero must be in (0, 1), got " + decayToZero);
    }
    TopicScoreParams.requireNonNegative("retainScore", retainScore);
    TopicScoreParams.requireNonNegative("topicScoreCap", topicScoreCap);
    TopicScoreParams.requireNonNegative("appSpecificWeight", appSpecificWeight);
    TopicScoreParams.requireNonPositive("ipColocationFactorWeight", ipColocationFactorWeight);
    if (!(ipColocationFactorThreshold >= 1)) {
      throw new IllegalArgumentException("ipColocationFactorThreshold must be >= 1, got " + ipColocationFactorThreshold);
    }
    TopicScoreParams.requireNonPositive("behaviourPenaltyWeight", behaviourPenaltyWeight);
    TopicScoreParams.requireNonNegative("behaviourPenaltyThreshold", behaviourPenaltyThreshold);
    TopicScoreParams.requireDecay("behaviourPenaltyDecay", behaviourPenaltyDecay);
    Objects.requireNonNull(defaultTopicParams, "defaultTopicParams");
    topicParams = Map.copyOf(topicParams);
  }

  /** The defaults listed on the builder's fields. */
  public static ScoreParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.gossipThreshold = gossipThreshold;
    b.publishThreshold = publishThreshold;
    b.graylistThreshold = graylistThreshold;
    b.acceptPXThreshold = acceptPXThreshold;
    b.opportunisticGraftThreshold = opportunisticGraftThreshold;
    b.decayInterval = decayInterval;
    b.decayToZero = decayToZero;
    b.retainScore = retainScore;
    b.topicScoreCap = topicScoreCap;
    b.appSpecificWeight = appSpecificWeight;
    b.ipColocationFactorWeight = ipColocationFactorWeight;
    b.ipColocationFactorThreshold = ipColocationFactorThreshold;
    b.behaviourPenaltyWeight = behaviourPenaltyWeight;
    b.behaviourPenaltyThreshold = behaviourPenaltyThreshold;
    b.behaviourPenaltyDecay = behaviourPenaltyDecay;
    b.defaultTopicParams = defaultTopicParams;
    b.topicParams = topicParams;
    return b;
  }

  /** The parameters that score behaviour in {@code topic}. */
  public TopicScoreParams paramsFor(String topic) {
    return topicParams.getOrDefault(topic, defaultTopicParams);
  }

  /** Starts from the defaults; {@link #build} validates. */
  public static final class Builder {
    private double gossipThreshold = -10; // no gossip to or from peers below
    private double publishThreshold = -50; // no own messages to peers below
    private double graylistThreshold = -80; // every RPC from peers below is dropped unread
    private double acceptPXThreshold = 10; // PX only from peers at or above
    private double opportunisticGraftThreshold = 1; // graft better peers when the mesh median is below
    private Duration decayInterval = Duration.ofSeconds(1);
    private double decayToZero = 0.01;
    private Duration retainScore = Duration.ofMinutes(10); // a reconnect does not reset a bad score
    private double topicScoreCap = 10; // cap on the summed topic contributions; 0 = none
    private double appSpecificWeight = 1; // P5, set with GossipRouter.setApplicationScore
    private double ipColocationFactorWeight = 0; // P6 off: devnets run every node on 127.0.0.1
    private double ipColocationFactorThreshold = 1;
    private double behaviourPenaltyWeight = -10; // P7
    private double behaviourPenaltyThreshold = 1; // one incident is free
    private double behaviourPenaltyDecay = 0.99;
    private TopicScoreParams defaultTopicParams = TopicScoreParams.defaults(); // for every topic without its own
    private Map<String, TopicScoreParams> topicParams = Map.of();

    private Builder() {}

    public Builder gossipThreshold(double value) {
      this.gossipThreshold = value;
      return this;
    }

    public Builder publishThreshold(double value) {
      this.publishThreshold = value;
      return this;
    }

    public Builder graylistThreshold(double value) {
      this.graylistThreshold = value;
      return this;
    }

    public Builder acceptPXThreshold(double value) {
      this.acceptPXThreshold = value;
      return this;
    }

    public Builder opportunisticGraftThreshold(double value) {
      this.opportunisticGraftThreshold = value;
      return this;
    }

    public Builder decayInterval(Duration value) {
      this.decayInterval = value;
      return this;
    }

    public Builder decayToZero(double value) {
      this.decayToZero = value;
      return this;
    }

    public Builder retainScore(Duration value) {
      this.retainScore = value;
      return this;
    }

    public Builder topicScoreCap(double value) {
      this.topicScoreCap = value;
      return this;
    }

    public Builder appSpecificWeight(double value) {
      this.appSpecificWeight = value;
      return this;
    }

    public Builder ipColocationFactorWeight(double value) {
      this.ipColocationFactorWeight = value;
      return this;
    }

    public Builder ipColocationFactorThreshold(double value) {
      this.ipColocationFactorThreshold = value;
      return this;
    }

    public Builder behaviourPenaltyWeight(double value) {
      this.behaviourPenaltyWeight = value;
      return this;
    }

    public Builder behaviourPenaltyThreshold(double value) {
      this.behaviourPenaltyThreshold = value;
      return this;
    }

    public Builder behaviourPenaltyDecay(double value) {
      this.behaviourPenaltyDecay = value;
      return this;
    }

    public Builder defaultTopicParams(TopicScoreParams value) {
      this.defaultTopicParams = value;
      return this;
    }

    public Builder topicParams(Map<String, TopicScoreParams> value) {
      this.topicParams = value;
      return this;
    }

    public ScoreParams build() {
      return new ScoreParams(gossipThreshold, publishThreshold, graylistThreshold, acceptPXThreshold,
          opportunisticGraftThreshold, decayInterval, decayToZero, retainScore, topicScoreCap, appSpecificWeight,
          ipColocationFactorWeight, ipColocationFactorThreshold, behaviourPenaltyWeight, behaviourPenaltyThreshold,
          behaviourPenaltyDecay, defaultTopicParams, topicParams);
    }
  }
}
