package io.fedchain.p2p.gossip;

import java.time.Duration;

/**
 * Score parameters of one topic (gossipsub v1.1 "The Score Function": P1 time in mesh, P2 first
 * message deliveries, P3/P3b mesh message delivery rate and failures, P4 invalid messages). Decay
 * factors apply once per {@link ScoreParams#decayInterval()}.
 *
 * <p>Defaults: P4 on (the point of REJECT), small positive P1/P2, P3/P3b off because fedchain
 * topics carry bursts per round and long silences, which P3 would read as under-delivery.
 */
public record TopicScoreParams(
    double topicWeight,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double meshMessageDeliveriesWeight,
    double meshMessageDeliveriesDecay,
    double meshMessageDeliveriesThreshold,
    double meshMessageDeliveriesCap,
    Duration meshMessageDeliveriesActivation,
    Duration meshMessageDeliveryWindow,
    double meshFailurePenaltyWeight,
    double meshFailurePenaltyDecay,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay) {

  public TopicScoreParams {
    requireNonNegative("topicWeight", topicWeight);
    requireNonNegative("timeInMeshWeight", timeInMeshWeight);
    requirePositive("timeInMeshQuantum", timeInMeshQuantum);
    requireNonNegative("timeInMeshCap", timeInMeshCap);
    requireNonNegative("firstMessageDeliveriesWeight", firstMessageDeliveriesWeight);
    requireDecay("firstMessageDeliveriesDecay", firstMessageDeliveriesDecay);
    requireNonNegative("firstMessageDeliveriesCap", firstMessageDeliveriesCap);
    requireNonPositive("meshMessageDeliveriesWeight", meshMessageDeliveriesWeight);
    requireDecay("meshMessageDeliveriesDecay", meshMessageDeliveriesDecay);
    requireNonNegative("meshMessageDeliveriesThreshold", meshMessageDeliveriesThreshold);
    if (meshMessageDeliveriesCap < meshMessageDeliveriesThreshold) {
      throw new IllegalArgumentException("meshMessageDeliveriesCap " + meshMessageDeliveriesCap
          + " must be at least meshMessageDeliveriesThreshold " + meshMessageDeliveriesThreshold);
    }
    requireNonNegative("meshMessageDeliveriesActivation", meshMessageDeliveriesActivation);
    requireNonNegative("meshMessageDeliveryWindow", meshMessageDeliveryWindow);
    requireNonPositive("meshFailurePenaltyWeight", meshFailurePenaltyWeight);
    requireDecay("meshFailurePenaltyDecay", meshFailurePenaltyDecay);
    requireNonPositive("invalidMessageDeliveriesWeight", invalidMessageDeliveriesWeight);
    requireDecay("invalidMessageDeliveriesDecay", invalidMessageDeliveriesDecay);
  }

  /** The defaults listed on the builder's fields. */
  public static TopicScoreParams defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.topicWeight = topicWeight;
    b.timeInMeshWeight = timeInMeshWeight;
    b.timeInMeshQuantum = timeInMeshQuantum;
    b.timeInMeshCap = timeInMeshCap;
    b.firstMessageDeliveriesWeight = firstMessageDeliveriesWeight;
    b.firstMessageDeliveriesDecay = firstMessageDeliveriesDecay;
    b.firstMessageDeliveriesCap = firstMessageDeliveriesCap;
    b.meshMessageDeliveriesWeight = meshMessageDeliveriesWeight;
    b.meshMessageDeliveriesDecay = meshMessageDeliveriesDecay;
    b.meshMessageDeliveriesThreshold = meshMessageDeliveriesThreshold;
    b.meshMessageDeliveriesCap = meshMessageDeliveriesCap;
    b.meshMessageDeliveriesActivation = meshMessageDeliveriesActivation;
    b.meshMessageDeliveryWindow = meshMessageDeliveryWindow;
    b.meshFailurePenaltyWeight = meshFailurePenaltyWeight;
    b.meshFailurePenaltyDecay = meshFailurePenaltyDecay;
    b.invalidMessageDeliveriesWeight = invalidMessageDeliveriesWeight;
    b.invalidMessageDeliveriesDecay = invalidMessageDeliveriesDecay;
    return b;
  }

  static void requireNonNegative(String name, double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
  }

  static void requireNonPositive(String name, double v) {
    if (!(v <= 0)) {
      throw new IllegalArgumentException(name + " must be <= 0 (a penalty weight), got " + v);
    }
  }

  static void requireDecay(String name, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must be a decay factor in (0, 1), got " + v);
    }
  }

  static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  static void requireNonNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a non-negative duration, got " + d);
    }
  }

  /** Starts from the defaults; {@link #build} validates. */
  public static final class Builder {
    private double topicWeight = 1.0;
    private double timeInMeshWeight = 0.01; // P1: +0.01 per quantum in the mesh
    private Duration timeInMeshQuantum = Duration.ofSeconds(1);
    private double timeInMeshCap = 100; // so P1 adds at most +1
    private double firstMessageDeliveriesWeight = 0.5; // P2
    private double firstMessageDeliveriesDecay = 0.99;
    private double firstMessageDeliveriesCap = 10; // so P2 adds at most +5
    private double meshMessageDeliveriesWeight = 0; // P3 off: fedchain topics are bursty (rounds)
    private double meshMessageDeliveriesDecay = 0.99;
    private double meshMessageDeliveriesThreshold = 1;
    private double meshMessageDeliveriesCap = 10;
    private Duration meshMessageDeliveriesActivation = Duration.ofSeconds(30);
    private Duration meshMessageDeliveryWindow = Duration.ofMillis(10);
    private double meshFailurePenaltyWeight = 0; // P3b off with P3
    private double meshFailurePenaltyDecay = 0.99;
    private double invalidMessageDeliveriesWeight = -10; // P4: 1 invalid = -10, 3 = -90 (graylisted)
    private double invalidMessageDeliveriesDecay = 0.995; // half-life about 2.3 min at 1 s decay

    private Builder() {}

    public Builder topicWeight(double value) {
      this.topicWeight = value;
      return this;
    }

    public Builder timeInMeshWeight(double value) {
      this.timeInMeshWeight = value;
      return this;
    }

    public Builder timeInMeshQuantum(Duration value) {
      this.timeInMeshQuantum = value;
      return this;
    }

    public Builder timeInMeshCap(double value) {
      this.timeInMeshCap = value;
      return this;
    }

    public Builder firstMessageDeliveriesWeight(double value) {
      this.firstMessageDeliveriesWeight = value;
      return this;
    }

    public Builder firstMessageDeliveriesDecay(double value) {
      this.firstMessageDeliveriesDecay = value;
      return this;
    }

    public Builder firstMessageDeliveriesCap(double value) {
      this.firstMessageDeliveriesCap = value;
      return this;
    }

    public Builder meshMessageDeliveriesWeight(double value) {
      this.meshMessageDeliveriesWeight = value;
      return this;
    }

    public Builder meshMessageDeliveriesDecay(double value) {
      this.meshMessageDeliveriesDecay = value;
      return this;
    }

    public Builder meshMessageDeliveriesThreshold(double value) {
      this.meshMessageDeliveriesThreshold = value;
      return this;
    }

    public Builder meshMessageDeliveriesCap(double value) {
      this.meshMessageDeliveriesCap = value;
      return this;
    }

    public Builder meshMessageDeliveriesActivation(Duration value) {
      this.meshMessageDeliveriesActivation = value;
      return this;
    }

    public Builder meshMessageDeliveryWindow(Duration value) {
      this.meshMessageDeliveryWindow = value;
      return this;
    }

    public Builder meshFailurePenaltyWeight(double value) {
      this.meshFailurePenaltyWeight = value;
      return this;
    }

    public Builder meshFailurePenaltyDecay(double value) {
      this.meshFailurePenaltyDecay = value;
      return this;
    }

    public Builder invalidMessageDeliveriesWeight(double value) {
      this.invalidMessageDeliveriesWeight = value;
      return this;
    }

    public Builder invalidMessageDeliveriesDecay(double value) {
      this.invalidMessageDeliveriesDecay = value;
      return this;
    }

    public TopicScoreParams build() {
      return new TopicScoreParams(topicWeight, timeInMeshWeight, timeInMeshQuantum, timeInMeshCap,
          firstMessageDeliveriesWeight, firstMessageDeliveriesDecay, firstMessageDeliveriesCap,
          meshMessageDeliveriesWeight, meshMessageDeliveriesDecay, meshMessageDeliveriesThreshold,
          meshMessageDeliveriesCap, meshMessageDeliveriesActivation, meshMessageDeliveryWindow,
          meshFailurePenaltyWeight, meshFailurePenaltyDecay, invalidMessageDeliveriesWeight,
          invalidMessageDeliveriesDecay);
    }
  }
}
