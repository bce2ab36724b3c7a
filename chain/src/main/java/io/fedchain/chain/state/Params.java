package io.fedchain.chain.state;

import io.fedchain.chain.codec.DecodingException;
import io.fedchain.chain.codec.SszCodec;
import io.fedchain.chain.codec.SszIn;
import io.fedchain.chain.codec.SszOut;
import io.fedchain.learning.aggregate.Aggregator;
import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.score.VerdictRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chain's parameters: FL, rewards and consensus. Genesis sets them; only governance
 * proposals that pass change them ({@link #with}). Fractions are integers in basis points (1/10000)
 * so that every node computes the same numbers.
 *
 * @param updatesToClose K: a round closes once this many updates are accepted
 * @param roundDeadlineMillis a round with at least one accepted update closes after this long
 * @param epsilonBp the validators' accuracy tolerance, in basis points of accuracy
 * @param verdictRule the validators' rule (see learning's {@code VerdictRule}), without epsilon
 * @param aggregator the aggregation rule's spec (learning's {@code Aggregator.parse})
 * @param codec the delta codec updates must use (learning's {@code DeltaCodec.parse})
 * @param maxDeltaBytes largest encoded delta accepted
 * @param updateReward paid to a trainer per accepted update
 * @param validatorReward paid to each validator whose precommit is in a block's commit certificate
 * @param slashBp share of stake taken on evidence of equivocation
 * @param reputationReward added to a trainer's reputation per accepted update
 * @param reputationPenalty taken from a trainer's reputation per rejected update
 * @param suspendBelow a trainer whose reputation falls below this is suspended
 * @param suspendRounds for this many FL rounds
 * @param unbondingBlocks delay before unbonded stake returns to the balance
 * @param proposalTtlBlocks a governance proposal not passed within this many blocks lapses
 */
public record Params(int updatesToClose, long roundDeadlineMillis, int epsilonBp, String verdictRule, String aggregator,
    String codec, int maxDeltaBytes, long updateReward, long validatorReward, int slashBp, int reputationReward,
    int reputationPenalty, int suspendBelow, int suspendRounds, long unbondingBlocks, long proposalTtlBlocks,
    long proposeTimeoutMillis, long voteTimeoutMillis, long timeoutDeltaMillis) {

  /** Names that governance may change, as {@code ChangeParam} proposals spell them. */
  public static final List<String> NAMES = List.of("updatesToClose", "roundDeadlineMillis", "epsilonBp",
      "verdictRule", "aggregator", "codec", "maxDeltaBytes", "updateReward", "validatorReward", "slashBp",
      "reputationReward", "reputationPenalty", "suspendBelow", "suspendRounds", "unbondingBlocks", "proposalTtlBlocks",
      "proposeTimeoutMillis", "voteTimeoutMillis", "timeoutDeltaMillis");

  public Params {
    check(updatesToClose >= 1, "updatesToClose", updatesToClose, "at least 1");
    check(roundDeadlineMillis >= 1, "roundDeadlineMillis", roundDeadlineMillis, "at least 1");
    check(epsilonBp >= 0 && epsilonBp <= 10_000, "epsilonBp", epsilonBp, "in [0, 10000]");
    try {
      VerdictRule.parse(verdictRule + ":" + epsilonBp / 10_000.0);
      Aggregator.parse(aggregator);
      DeltaCodec.parse(codec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    aggregator = Aggregator.parse(aggregator).name();
    codec = DeltaCodec.parse(codec).name();
    verdictRule = verdictRule.trim().toLowerCase(Locale.ROOT);
    check(maxDeltaBytes >= 1, "maxDeltaBytes", maxDeltaBytes, "at least 1");
    check(updateReward >= 0, "updateReward", updateReward, ">= 0");
    check(validatorReward >= 0, "validatorReward", validatorReward, ">= 0");
    check(slashBp >= 0 && slashBp <= 10_000, "slashBp", slashBp, "in [0, 10000]");
    check(reputationReward >= 0, "reputationReward", reputationReward, ">= 0");
    check(reputationPenalty >= 0, "reputationPenalty", reputationPenalty, ">= 0");
    check(suspendRounds >= 0, "suspendRounds", suspendRounds, ">= 0");
    check(unbondingBlocks >= 0, "unbondingBlocks", unbondingBlocks, ">= 0");
    check(proposalTtlBlocks >= 1, "proposalTtlBlocks", proposalTtlBlocks, "at least 1");
    check(proposeTimeoutMillis >= 1, "proposeTimeoutMillis", proposeTimeoutMillis, "at least 1");
    check(voteTimeoutMillis >= 1, "voteTimeoutMillis", voteTimeoutMillis, "at least 1");
    check(timeoutDeltaMillis >= 0, "timeoutDeltaMillis", timeoutDeltaMillis, ">= 0");
  }

  private static void check(boolean ok, String name, long value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + " is " + value + ", expected " + expected);
    }
  }

  public static Params defaults() {
    return new Params(4, 120_000, 200, "loo", "fedavg", "float32", 8 << 20, 10, 1, 5_000, 1, 10, -30, 5, 100, 1000,
        3000, 1000, 500);
  }

  /** The learning module's verdict rule with epsilon. */
  public VerdictRule rule() {
    return VerdictRule.parse(verdictRule + ":" + epsilonBp / 10_000.0);
  }

  /** Every parameter by name, as text, in {@link #NAMES} order. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("updatesToClose", Integer.toString(updatesToClose));
    m.put("roundDeadlineMillis", Long.toString(roundDeadlineMillis));
    m.put("epsilonBp", Integer.toString(epsilonBp));
    m.put("verdictRule", verdictRule);
    m.put("aggregator", aggregator);
    m.put("codec", codec);
    m.put("maxDeltaBytes", Integer.toString(maxDeltaBytes));
    m.put("updateReward", Long.toString(updateReward));
    m.put("validatorReward", Long.toString(validatorReward));
    m.put("slashBp", Integer.toString(slashBp));
    m.put("reputationReward", Integer.toString(reputationReward));
    m.put("reputationPenalty", Integer.toString(reputationPenalty));
    m.put("suspendBelow", Integer.toString(suspendBelow));
    m.put("suspendRounds", Integer.toString(suspendRounds));
    m.put("unbondingBlocks", Long.toString(unbondingBlocks));
    m.put("proposalTtlBlocks", Long.toString(proposalTtlBlocks));
    m.put("proposeTimeoutMillis", Long.toString(proposeTimeoutMillis));
    m.put("voteTimeoutMillis", Long.toString(voteTimeoutMillis));
    m.put("timeoutDeltaMillis", Long.toString(timeoutDeltaMillis));
    return m;
  }

  /** Parses parameters from text; the error names the parameter and what is wrong. */
  public static Params fromMap(Map<String, String> m) {
    for (String name : m.keySet()) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "' (known: " + String.join(", ", NAMES) + ")");
      }
    }
    Params d = defaults();
    Map<String, String> all = d.toMap();
    all.putAll(m);
    return new Params(integer(all, "updatesToClose"), number(all, "roundDeadlineMillis"), integer(all, "epsilonBp"),
        all.get("verdictRule"), all.get("aggregator"), all.get("codec"), integer(all, "maxDeltaBytes"),
        number(all, "updateReward"), number(all, "validatorReward"), integer(all, "slashBp"),
        integer(all, "reputationReward"), integer(all, "reputationPenalty"), integer(all, "suspendBelow"),
        integer(all, "suspendRounds"), number(all, "unbondingBlocks"), number(all, "proposalTtlBlocks"),
        number(all, "proposeTimeoutMillis"), number(all, "voteTimeoutMillis"), number(all, "timeoutDeltaMillis"));
  }

  private static long number(Map<String, String> m, String name) {
    try {
      return Long.parseLong(m.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + name + " takes an integer, got '" + m.get(name) + "'");
    }
  }

  private static int integer(Map<String, String> m, String name) {
    long v = number(m, name);
    if (v != (int) v) {
      throw new IllegalArgumentException("parameter " + name + " value " + v + " does not fit 32 bits");
    }
    return (int) v;
  }

  /** A copy with one parameter changed; the error names the parameter and why the value is bad. */
  public Params with(String name, String value) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown parameter '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
    Map<String, String> m = toMap();
    m.put(name, value);
    return fromMap(m);
  }

  public static final SszCodec<Params> CODEC = new SszCodec<>() {
    @Override
    public void write(SszOut out, Params p) {
      out.uint32(p.updatesToClose);
      out.uint64(p.roundDeadlineMillis);
      out.uint32(p.epsilonBp);
      out.string(p.verdictRule);
      out.string(p.aggregator);
      out.string(p.codec);
      out.uint32(p.maxDeltaBytes);
      out.uint64(p.updateReward);
      out.uint64(p.validatorReward);
      out.uint32(p.slashBp);
      out.uint32(p.reputationReward);
      out.uint32(p.reputationPenalty);
      out.int64(p.suspendBelow);
      out.uint32(p.suspendRounds);
      out.uint64(p.unbondingBlocks);
      out.uint64(p.proposalTtlBlocks);
      out.uint64(p.proposeTimeoutMillis);
      out.uint64(p.voteTimeoutMillis);
      out.uint64(p.timeoutDeltaMillis);
    }

    @Override
    public Params read(SszIn in) {
      int updatesToClose = u32(in);
      long roundDeadline = in.uint64();
      int epsilonBp = u32(in);
      String verdictRule = in.string(64);
      String aggregator = in.string(64);
      String codec = in.string(64);
      int maxDeltaBytes = u32(in);
      long updateReward = in.uint64();
      long validatorReward = in.uint64();
      int slashBp = u32(in);
      int reputationReward = u32(in);
      int reputationPenalty = u32(in);
      long suspendBelow = in.int64();
      // Fix: was a plain (int) cast, which accepted any int64 and decoded it truncated, so the
      // decoded value re-encoded to other bytes.
      if (suspendBelow != (int) suspendBelow) {
        throw new DecodingException("parameter suspendBelow " + suspendBelow + " does not fit 32 bits");
      }
      Params p;
      try {
        p = new Params(updatesToClose, roundDeadline, epsilonBp, verdictRule, aggregator, codec, maxDeltaBytes,
            updateReward, validatorReward, slashBp, reputationReward, reputationPenalty, (int) suspendBelow, u32(in),
            in.uint64(), in.uint64(), in.uint64(), in.uint64(), in.uint64());
      } catch (IllegalArgumentException e) {
        throw new DecodingException("invalid parameters: " + e.getMessage());
      }
      // Fix: the constructor canonicalizes spellings ("LOO", " loo", "Float32", "trimmed-mean:0.10"); accepting
      // them gave one value several encodings (and so several state roots and genesis hashes).
      canonical("verdictRule", verdictRule, p.verdictRule);
      canonical("aggregator", aggregator, p.aggregator);
      canonical("codec", codec, p.codec);
      return p;
    }

    private void canonical(String name, String read, String canonical) {
      if (!read.equals(canonical)) {
        throw new DecodingException("parameter " + name + " '" + read + "' is not in its canonical form '" + canonical
            + "'");
      }
    }

    private int u32(SszIn in) {
      long v = in.uint32();
      if (v > Integer.MAX_VALUE) {
        throw new DecodingException("parameter " + v + " too large");
      }
      return (int) v;
    }
  };
}
