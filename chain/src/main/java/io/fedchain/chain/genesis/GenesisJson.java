package io.fedchain.chain.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The genesis file, JSON:
 *
 * <pre>{@code
 * {
 *   "chainId": "fedchain-devnet",
 *   "genesisTime": "2026-11-27T12:00:00Z",
 *   "model": { "spec": "mlp:784-128-10", "initSeed": 1 },
 *   "members": [
 *     { "peerId": "12D3KooW...", "roles": ["trainer", "validator"], "stake": 100, "balance": 0 }
 *   ],
 *   "fl": { "updatesToClose": 4, "roundDeadlineMillis": 120000, "epsilon": 0.02, "verdictRule": "loo",
 *           "aggregator": "fedavg", "codec": "float32", "maxDeltaBytes": 8388608 },
 *   "rewards": { "updateReward": 10, "validatorReward": 1, "slashBp": 5000, "reputationReward": 1,
 *                "reputationPenalty": 10, "suspendBelow": -30, "suspendRounds": 5 },
 *   "staking": { "unbondingBlocks": 100 },
 *   "governance": { "proposalTtlBlocks": 1000 },
 *   "consensus": { "proposeTimeoutMillis": 3000, "voteTimeoutMillis": 1000, "timeoutDeltaMillis": 500 }
 * }
 * }</pre>
 *
 * Sections other than chainId, genesisTime, model and members may be left out or partial: missing
 * parameters take the defaults of {@link Params#defaults()}. Unknown fields are errors (a typo must
 * not silently fall back to a default). Every error names the file, the field's path and the
 * reason.
 */
public final class GenesisJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("fl", List.of("updatesToClose", "roundDeadlineMillis", "epsilon", "verdictRule", "aggregator", "codec",
        "maxDeltaBytes"));
    SECTIONS.put("rewards", List.of("updateReward", "validatorReward", "slashBp", "reputationReward",
        "reputationPenalty", "suspendBelow", "suspendRounds"));
    SECTIONS.put("staking", List.of("unbondingBlocks"));
    SECTIONS.put("governance", List.of("proposalTtlBlocks"));
    SECTIONS.put("consensus", List.of("proposeTimeoutMillis", "voteTimeoutMillis", "timeoutDeltaMillis"));
  }

  private GenesisJson() {}

  public static Genesis read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new GenesisException(file + ": no such file");
    } catch (IOException e) {
      throw new GenesisException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(text, file.toString());
  }

  /** Parses genesis JSON; {@code source} names it in errors. */
  public static Genesis parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new GenesisException(source + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new GenesisException(source + ": expected a JSON object at the top level");
    }
    Reader r = new Reader(source);
    r.onlyFields(root, "", Set.of("chainId", "genesisTime", "model", "members", "fl", "rewards", "staking",
        "governance", "consensus"));
    String chainId = r.text(root, "chainId");
    long time;
    String timeText = r.text(root, "genesisTime");
    try {
      time = Instant.parse(timeText).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw r.bad("genesisTime", "'" + timeText + "' is not an ISO-8601 instant such as 2026-11-27T12:00:00Z");
    }
    JsonNode model = r.object(root, "model");
    r.onlyFields(model, "model.", Set.of("spec", "initSeed"));
    String spec = r.text(model, "spec", "model.spec");
    long seed = r.integer(model, "initSeed", "model.initSeed");
    try {
      io.fedchain.learning.model.ModelSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw r.bad("model.spec", e.getMessage());
    }
    JsonNode members = root.get("members");
    if (members == null || !members.isArray()) {
      throw r.bad("members", "expected an array of members");
    }
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      String at = "members[" + i + "]";
      JsonNode m = members.get(i);
      if (!m.isObject()) {
        throw r.bad(at, "expected an object");
      }
      r.onlyFields(m, at + ".", Set.of("peerId", "roles", "stake", "balance"));
      MemberId id;
      String peer = r.text(m, "peerId", at + ".peerId");
      try {
        id = MemberId.fromPeerId(peer);
      } catch (IllegalArgumentException e) {
        throw r.bad(at + ".peerId", e.getMessage());
      }
      JsonNode rolesNode = m.get("roles");
      if (rolesNode == null || !rolesNode.isArray()) {
        throw r.bad(at + ".roles", "expected an array such as [\"trainer\", \"validator\"]");
      }
      List<String> names = new ArrayList<>();
      rolesNode.forEach(n -> names.add(n.asText()));
      Roles roles;
      try {
        roles = Roles.parse(names);
      } catch (IllegalArgumentException e) {
        throw r.bad(at + ".roles", e.getMessage());
      }
      long stake = r.nonNegative(m, "stake", at + ".stake");
      long balance = m.has("balance") ? r.nonNegative(m, "balance", at + ".balance") : 0;
      accounts.add(new Genesis.Account(id, roles, stake, balance));
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> section : SECTIONS.entrySet()) {
      JsonNode node = root.get(section.getKey());
      if (node == null) {
        continue;
      }
      if (!node.isObject()) {
        throw r.bad(section.getKey(), "expected an object");
      }
      r.onlyFields(node, section.getKey() + ".", Set.copyOf(section.getValue()));
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String path = section.getKey() + "." + f.getKey();
        if (f.getKey().equals("epsilon")) {
          double eps = f.getValue().asDouble(Double.NaN);
          if (!f.getValue().isNumber() || !(eps >= 0 && eps <= 1)) {
            throw r.bad(path, "expected an accuracy difference in [0, 1], such as 0.02");
          }
          params.put("epsilonBp", Long.toString(Math.round(eps * 10_000)));
        } else if (f.getValue().isValueNode()) {
          // Fix: each value is checked alone (against valid defaults) so the error names its path;
          // Params.fromMap below reported e.g. a bad aggregator without saying which field held it.
          try {
            Params.defaults().with(f.getKey(), f.getValue().asText());
          } catch (IllegalArgumentException e) {
            throw r.bad(path, e.getMessage());
          }
          params.put(f.getKey(), f.getValue().asText());
        } else {
          throw r.bad(path, "expected a number or a string");
        }
      }
    }
    Params p;
    try {
      p = Params.fromMap(params);
    } catch (IllegalArgumentException e) {
      throw new GenesisException(source + ": parameters: " + e.getMessage());
    }
    try {
      return new Genesis(chainId, time, spec, seed, accounts, p);
    } catch (IllegalArgumentException e) {
      throw new GenesisException(source + ": " + e.getMessage());
    }
  }

  /** The file form of {@code g}; reading it back gives an equal genesis (same hash). */
  public static String write(Genesis g) {
    ObjectNode root = JSON.createObjectNode();
    root.put("chainId", g.chainId());
    root.put("genesisTime", Instant.ofEpochMilli(g.genesisTimeMillis()).toString());
    ObjectNode model = root.putObject("model");
    model.put("spec", g.modelSpec());
    model.put("initSeed", g.initSeed());
    ArrayNode members = root.putArray("members");
    for (Genesis.Account a : g.members()) {
      ObjectNode m = members.addObject();
      m.put("peerId", a.id().peerId());
      ArrayNode roles = m.putArray("roles");
      a.roles().names().forEach(roles::add);
      m.put("stake", a.stake());
      m.put("balance", a.balance());
    }
    Map<String, String> params = g.params().toMap();
    for (Map.Entry<String, List<String>> section : SECTIONS.entrySet()) {
      ObjectNode s = root.putObject(section.getKey());
      for (String name : section.getValue()) {
        if (name.equals("epsilon")) {
          s.put("epsilon", g.params().epsilonBp() / 10_000.0);
        } else if (List.of("verdictRule", "aggregator", "codec").contains(name)) {
          s.put(name, params.get(name));
        } else {
          s.put(name, Long.parseLong(params.get(name)));
        }
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads fields and reports errors with the file and the field path. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    GenesisException bad(String path, String why) {
      return new GenesisException(source + ": " + path + ": " + why);
    }

    void onlyFields(JsonNode node, String prefix, Set<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw bad(prefix + f, "unknown field (expected one of " + allowed.stream().sorted().toList() + ")");
        }
      }
    }

    JsonNode object(JsonNode parent, String field) {
      JsonNode n = parent.get(field);
      if (n == null || !n.isObject()) {
        throw bad(field, n == null ? "missing" : "expected an object");
      }
      return n;
    }

    String text(JsonNode parent, String field) {
      return text(parent, field, field);
    }

    String text(JsonNode parent, String field, String path) {
      JsonNode n = parent.get(field);
      if (n == null || !n.isTextual() || n.asText().isBlank()) {
        throw bad(path, n == null ? "missing" : "expected a non-empty string");
      }
      return n.asText();
    }

    long integer(JsonNode parent, String field, String path) {
      JsonNode n = parent.get(field);
      if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
        throw bad(path, n == null ? "missing" : "expected an integer");
      }
      return n.asLong();
    }

    long nonNegative(JsonNode parent, String field, String path) {
      long v = integer(parent, field, path);
      if (v < 0) {
        throw bad(path, "expected an integer >= 0, got " + v);
      }
      return v;
    }
  }
}
