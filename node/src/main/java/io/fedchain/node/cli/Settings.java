package io.fedchain.node.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A command's settings from three sources, in order of precedence: its command-line options, the
 * environment ({@code FEDCHAIN_<NAME>}, the option name upper-cased with '-' as '_'), and a YAML
 * file (keys are option names without the dashes). Every value names where it came from, so an
 * error says which flag, variable or file line to fix.
 */
final class Settings {
  /** A value and where it came from ("--http", "FEDCHAIN_HTTP", "node.yaml: http"). */
  record Value(String text, String source) {}

  private final Map<String, String> cli = new LinkedHashMap<>();
  private final Map<String, String> env;
  private final Map<String, Object> yaml;
  private final Path yamlFile;

  private Settings(Map<String, String> env, Map<String, Object> yaml, Path yamlFile) {
    this.env = env;
    this.yaml = yaml;
    this.yamlFile = yamlFile;
  }

  /** Reads {@code configFile} when given; unknown keys in it are an error naming them and the known ones. */
  static Settings load(Optional<Path> configFile, Map<String, String> env, Set<String> known) {
    Map<String, Object> yaml = new LinkedHashMap<>();
    if (configFile.isPresent()) {
      Path f = configFile.get();
      Object root;
      try (Reader r = Files.newBufferedReader(f)) {
        root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("config file " + f + " does not exist");
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + f + ": " + e.getMessage());
      } catch (YAMLException e) {
        throw new IllegalArgumentException("config file " + f + " is not valid YAML: " + e.getMessage());
      }
      if (root != null) {
        if (!(root instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException("config file " + f + ": expected a mapping of settings (key: value)");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = String.valueOf(e.getKey());
          if (!known.contains(k)) {
            throw new IllegalArgumentException("config file " + f + ": unknown setting '" + k + "' (known: "
                + String.join(", ", known) + ")");
          }
          yaml.put(k, e.getValue());
        }
      }
    }
    return new Settings(env, yaml, configFile.orElse(null));
  }

  /** Records a command-line value (null when the option was not given). */
  Settings cli(String name, Object value) {
    if (value != null) {
      cli.put(name, String.valueOf(value));
    }
    return this;
  }

  static String envName(String name) {
    return "FEDCHAIN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  Optional<Value> get(String name) {
    String c = cli.get(name);
    if (c != null) {
      return Optional.of(new Value(c, "--" + name));
    }
    String e = env.get(envName(name));
    if (e != null && !e.isBlank()) {
      return Optional.of(new Value(e, envName(name)));
    }
    Object y = yaml.get(name);
    if (y != null) {
      String text = y instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
          : String.valueOf(y);
      return Optional.of(new Value(text, yamlFile + ": " + name));
    }
    return Optional.empty();
  }

  <T> Optional<T> get(String name, String expected, Function<String, T> parse) {
    Optional<Value> v = get(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(v.get().text()));
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new IllegalArgumentException(v.get().source() + " = '" + v.get().text() + "': expected " + expected + why);
    }
  }

  <T> T require(String name, String expected, Function<String, T> parse) {
    return get(name, expected, parse).orElseThrow(() -> new IllegalArgumentException("missing setting '" + name
        + "': give --" + name + ", set " + envName(name) + ", or put '" + name + ": ...' in the config file ("
        + expected + ")"));
  }

  /** A comma-separated list (or a YAML list). */
  <T> List<T> list(String name, String expected, Function<String, T> parse) {
    Optional<Value> v = get(name);
    List<T> out = new ArrayList<>();
    if (v.isEmpty()) {
      return out;
    }
    for (String part : v.get().text().split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      try {
        out.add(parse.apply(s));
      } catch (RuntimeException e) {
        String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        throw new IllegalArgumentException(v.get().source() + ": '" + s + "': expected " + expected + why);
      }
    }
    return out;
  }

  static boolean parseBool(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }
}
