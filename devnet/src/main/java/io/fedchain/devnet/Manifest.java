package io.fedchain.devnet;

import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.partition.Partitioner;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A devnet described in YAML: nodes with stake and roles, the data partition, the chain's
 * parameters, attackers and perturbations (see devnet/README.md for every key). Parsing checks
 * every value and names the key and the expected form of a bad one.
 */
public record Manifest(String name, String chainId, String model, int rounds, long seed, String partition,
    double validationFraction, String validation, int trainLimit, Map<String, String> params, List<NodeSpec> nodes,
    List<Perturbation> perturbations, int p2pBasePort, int httpBasePort, int prometheusPort, int heapMb,
    long commitDelayMillis, int epochs, long timeoutSeconds) {

  /** One node: its name, stake, roles and, for an attacker, its attack. */
  public record NodeSpec(String name, long stake, Roles roles, String attack) {
    public boolean attacker() {
      return attack != null;
    }
  }

  /** Something done to a node when the chain reaches FL round {@code round}. */
  public record Perturbation(String node, Action action, int round, int durationRounds) {}

  public enum Action { KILL, PAUSE, RESTART, DISCONNECT }

  static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "chain-id", "model", "rounds", "seed",
      "partition", "validation-fraction", "validation", "train-limit", "params", "nodes", "attackers", "perturbations",
      "p2p-base-port", "http-base-port", "prometheus-port", "heap-mb", "commit-delay-ms", "epochs",
      "timeout-seconds"));

  public static Manifest read(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("manifest " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read manifest " + file + ": " + e.getMessage());
    } catch (YAMLException e) {
      throw new IllegalArgumentException("manifest " + file + " is not valid YAML: " + e.getMessage());
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("manifest " + file + ": " + e.getMessage());
    }
  }

  static Manifest parse(Object root) {
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("expected a mapping of keys (name:, nodes:, ...)");
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException("unknown key '" + k + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    String name = str(m, "name", "default");
    if (!name.matches("[A-Za-z0-9._-]{1,40}")) {
      throw new IllegalArgumentException("name: '" + name + "' must be 1-40 characters of letters, digits, . _ -");
    }
    String chainId = str(m, "chain-id", "fedchain-devnet");
    String model = str(m, "model", "mlp");
    check("model", model, "softmax, mlp, mlp:<in>-<hidden...>-<classes>", () -> ModelSpec.parse(model));
    int rounds = (int) num(m, "rounds", 20, 1, 10_000);
    long seed = num(m, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    String partition = str(m, "partition", "dirichlet:0.5");
    check("partition", partition, "iid, dirichlet:<alpha> or classes:<k>", () -> Partitioner.parse(partition));
    double vf = dbl(m, "validation-fraction", 0.1);
    if (!(vf > 0 && vf < 1)) {
      throw new IllegalArgumentException("validation-fraction: " + vf + " must be in (0, 1)");
    }
    String validation = str(m, "validation", "iid");
    if (!validation.equals("iid") && !validation.equals("local")) {
      throw new IllegalArgumentException("validation: '" + validation + "': expected iid (a held-out share of the"
          + " training set, split evenly) or local (a share of each node's own partition)");
    }
    int trainLimit = (int) num(m, "train-limit", 0, 0, 60_000);
    Map<String, String> params = new LinkedHashMap<>();
    Object p = m.get("params");
    if (p != null) {
      if (!(p instanceof Map<?, ?> pm)) {
        throw new IllegalArgumentException("params: expected a mapping of chain parameters (updatesToClose: 4, ...)");
      }
      Params probe = Params.defaults();
      for (Map.Entry<?, ?> e : pm.entrySet()) {
        String k = String.valueOf(e.getKey());
        String v = String.valueOf(e.getValue());
        try {
          probe = probe.with(k, v);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("params." + k + ": " + ex.getMessage());
        }
        params.put(k, v);
      }
    }
    List<NodeSpec> nodes = nodes(m.get("nodes"));
    Map<String, String> attacks = new LinkedHashMap<>();
    for (Map<?, ?> a : maps(m.get("attackers"), "attackers")) {
      String node = str(a, "node", null);
      String attack = str(a, "attack", null);
      if (node == null || attack == null) {
        throw new IllegalArgumentException("attackers: each entry needs node: and attack:");
      }
      check("attackers." + node + ".attack", attack, "label-flip, sign-flip[:scale], scale:<f>, noise[:sigma], alie",
          () -> Attack.parse(attack));
      attacks.put(node, attack);
    }
    List<NodeSpec> withAttacks = new ArrayList<>();
    for (NodeSpec n : nodes) {
      withAttacks.add(new NodeSpec(n.name(), n.stake(), n.roles(), attacks.remove(n.name())));
    }
    if (!attacks.isEmpty()) {
      throw new IllegalArgumentException("attackers: no node named " + attacks.keySet());
    }
    List<Perturbation> perturbations = new ArrayList<>();
    for (Map<?, ?> x : maps(m.get("perturbations"), "perturbations")) {
      String node = str(x, "node", null);
      if (node == null || nodes.stream().noneMatch(n -> n.name().equals(node))) {
        throw new IllegalArgumentException("perturbations: node '" + node + "' is not one of the nodes");
      }
      String action = str(x, "action", "");
      Action a;
      try {
        a = Action.valueOf(action.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("perturbations: action '" + action
            + "': expected kill, pause, restart or disconnect");
      }
      int round = (int) num(x, "round", -1, 1, rounds);
      int duration = (int) num(x, "duration-rounds", a == Action.KILL ? 0 : 2, 0, rounds);
      perturbations.add(new Perturbation(node, a, round, duration));
    }
    return new Manifest(name, chainId, model, rounds, seed, partition, vf, validation, trainLimit, params, withAttacks,
        perturbations, (int) num(m, "p2p-base-port", 9400, 1024, 65000),
        (int) num(m, "http-base-port", 8600, 1024, 65000), (int) num(m, "prometheus-port", 9090, 1024, 65535),
        (int) num(m, "heap-mb", 640, 128, 16384), num(m, "commit-delay-ms", 500, 0, 60_000),
        (int) num(m, "epochs", 2, 1, 100), num(m, "timeout-seconds", 600, 10, 86_400));
  }

  private static List<NodeSpec> nodes(Object o) {
    if (o == null) {
      o = 4;
    }
    List<NodeSpec> out = new ArrayList<>();
    if (o instanceof Integer n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("nodes: " + n + " must be in [1, 64]");
      }
      for (int i = 0; i < n; i++) {
        out.add(new NodeSpec("node" + i, 100, Roles.BOTH, null));
      }
      return out;
    }
    for (Map<?, ?> x : maps(o, "nodes")) {
      String name = str(x, "name", "node" + out.size());
      if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException("nodes: name '" + name + "' must be 1-32 letters, digits, _ or -");
      }
      if (out.stream().anyMatch(n -> n.name().equals(name))) {
        throw new IllegalArgumentException("nodes: the name '" + name + "' appears twice");
      }
      Object r = x.get("roles");
      Roles roles = Roles.BOTH;
      if (r != null) {
        List<String> names = r instanceof List<?> l ? l.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(r).split(","));
        try {
          roles = Roles.parse(names);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("nodes." + name + ".roles: " + e.getMessage());
        }
      }
      long stake = num(x, "stake", roles.validator() ? 100 : 0, 0, Long.MAX_VALUE / 1024);
      out.add(new NodeSpec(name, stake, roles, null));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("nodes: at least one node");
    }
    return out;
  }

  private static List<Map<?, ?>> maps(Object o, String key) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (o == null) {
      return out;
    }
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(key + ": expected a list");
    }
    for (Object e : l) {
      if (!(e instanceof Map<?, ?> mm)) {
        throw new IllegalArgumentException(key + ": each entry must be a mapping ({key: value, ...}), got '" + e + "'");
      }
      out.add(mm);
    }
    return out;
  }

  private static void check(String key, String value, String expected, Runnable parse) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": '" + value + "': expected " + expected + " (" + e.getMessage() + ")");
    }
  }

  private static String str(Map<?, ?> m, String key, String dflt) {
    Object v = m.get(key);
    return v == null ? dflt : String.valueOf(v);
  }

  private static long num(Map<?, ?> m, String key, long dflt, long min, long max) {
    Object v = m.get(key);
    if (v == null) {
      if (dflt < min) {
        throw new IllegalArgumentException(key + ": missing (an integer in [" + min + ", " + max + "])");
      }
      return dflt;
    }
    long x;
    try {
      x = Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not an integer");
    }
    if (x < min || x > max) {
      throw new IllegalArgumentException(key + ": " + x + " is outside [" + min + ", " + max + "]");
    }
    return x;
  }

  private static double dbl(Map<?, ?> m, String key, double dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
    }
  }

  public NodeSpec node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }
}
