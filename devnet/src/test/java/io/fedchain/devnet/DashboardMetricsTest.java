package io.fedchain.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import io.fedchain.learning.data.DatasetFiles;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.node.Node;
import io.fedchain.node.NodeConfig;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards in devnet/monitoring against a live node: every {@code fedchain_*} metric they
 * query is exposed at {@code /metrics}, and, when Prometheus is installed, every console page
 * renders and every graph expression is valid PromQL.
 */
class DashboardMetricsTest {
  // digits too: fedchain_p2p_peers
  private static final Pattern METRIC = Pattern.compile("fedchain_[a-z0-9_]+");
  private static final List<String> SUFFIXES = List.of("", "_total", "_bucket", "_count", "_sum", "_max");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path tmp;
  private static Node node;
  private static String nodeUrl;

  @BeforeAll
  static void startNode() throws Exception {
    ChainKey key = ChainKey.random();
    Genesis genesis = new Genesis("dashboards", System.currentTimeMillis(), "softmax", 7,
        List.of(new Genesis.Account(key.id(), Roles.BOTH, 100, 0)), Params.defaults());
    Path data = tmp.resolve("data");
    DatasetFiles.write(SyntheticData.fashionShaped("train", 300, 1), data, "train");
    DatasetFiles.write(SyntheticData.fashionShaped("validation", 100, 2), data, "validation");
    NodeConfig config = new NodeConfig(tmp.resolve("home"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(),
        Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.of(data), true, true, Optional.empty(),
        TrainingConfig.DEFAULT, 1, 0, 200);
    node = new Node(config, key, genesis);
    node.start();
    InetSocketAddress http = node.httpAddress().orElseThrow();
    nodeUrl = "http://" + http.getHostString() + ":" + http.getPort();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      status = JSON.readTree(get(nodeUrl + "/status").body());
      if (status.path("height").asLong() >= 3) {
        return;
      }
      Thread.sleep(200);
    }
    fail("the node did not commit 3 blocks within 120 s; last status: " + status);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void shouldExposeEveryMetricTheDashboardsUse() throws Exception {
    TreeMap<String, Set<String>> used = dashboardMetrics();
    assertFalse(used.isEmpty(), "no fedchain_ metric found in " + Monitoring.DIR);
    Set<String> exposed = exposedNames(get(nodeUrl + "/metrics").body());
    List<String> missing = new ArrayList<>();
    for (var e : used.entrySet()) {
      if (SUFFIXES.stream().noneMatch(s -> exposed.contains(e.getKey() + s))) {
        missing.add(e.getKey() + " (used in " + e.getValue() + ")");
      }
    }
    assertTrue(missing.isEmpty(), "metrics used by the dashboards but not exposed by a live node: " + missing);
  }

  @Test
  void shouldRenderEveryConsoleOnAPrometheusScrapingTheNode() throws Exception {
    Optional<Path> bin = Prometheus.binary();
    assumeTrue(bin.isPresent(), "prometheus is not installed: console pages not checked");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = tmp.resolve("prometheus");
    Files.createDirectories(dir);
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: fedchain\n"
        + "    static_configs:\n      - targets: ['" + URI.create(nodeUrl).getAuthority() + "']\n"
        + "        labels: {node: 'solo', devnet: 'test'}\n");
    Process p = new ProcessBuilder(bin.get().toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--web.console.templates=" + Monitoring.DIR.resolve("consoles").toAbsolutePath(),
        "--web.console.libraries=" + Monitoring.DIR.resolve("console_libraries").toAbsolutePath())
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    String prom = "http://127.0.0.1:" + port;
    try {
      awaitScraped(prom, p, dir.resolve("prometheus.log"));
      List<Path> consoles = files("consoles", ".html");
      for (Path page : consoles) {
        HttpResponse<String> r = get(prom + "/consoles/" + page.getFileName());
        assertEquals(200, r.statusCode(), page.getFileName() + " does not render: " + r.body());
        assertTrue(r.body().contains("solo"), page.getFileName() + " shows no row for the scraped node");
      }
      for (String expr : graphExpressions()) {
        HttpResponse<String> r = get(prom + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), "invalid PromQL in a dashboard: " + expr + " -> " + r.body());
      }
    } finally {
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits until Prometheus has scraped the node once (bounded). */
  private static void awaitScraped(String prom, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String query = prom + "/api/v1/query?query=" + URLEncoder.encode("fedchain_chain_head_height", StandardCharsets.UTF_8);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("prometheus exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = get(query);
        if (r.statusCode() == 200 && JSON.readTree(r.body()).path("data").path("result").size() > 0) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    fail("prometheus did not scrape the node within 60 s: " + Files.readString(log));
  }

  /** Every {@code fedchain_*} name in the consoles and the Grafana dashboards, with the files using it. */
  static TreeMap<String, Set<String>> dashboardMetrics() throws IOException {
    TreeMap<String, Set<String>> used = new TreeMap<>();
    List<Path> files = new ArrayList<>(files("consoles", ".html"));
    files.addAll(files("grafana", ".json"));
    for (Path f : files) {
      String text = Files.readString(f);
      if (f.toString().endsWith(".json")) {
        JSON.readTree(text); // the dashboard must be valid JSON to be importable
      }
      Matcher m = METRIC.matcher(text);
      while (m.find()) {
        used.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(f.getFileName().toString());
      }
    }
    return used;
  }

  /** The PromQL of the consoles' graphs and of the Grafana panels, with Grafana's variables filled in. */
  private static List<String> graphExpressions() throws IOException {
    List<String> out = new ArrayList<>();
    Pattern quoted = Pattern.compile("\"([^\"]*fedchain_[^\"]*)\"");
    for (Path f : files("consoles", ".html")) {
      Matcher m = quoted.matcher(Files.readString(f));
      while (m.find()) {
        String e = m.group(1);
        if (!e.contains("%s") && !e.contains("{{")) {
          out.add(e);
        }
      }
    }
    for (Path f : files("grafana", ".json")) {
      for (JsonNode e : JSON.readTree(Files.readString(f)).findValues("expr")) {
        out.add(e.asText().replace("$__rate_interval", "1m").replace("$devnet", "test").replace("$node", ".*"));
      }
    }
    assertFalse(out.isEmpty(), "no graph expression found");
    return out;
  }

  private static List<Path> files(String sub, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(Monitoring.DIR.resolve(sub))) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Names of the samples in Prometheus text format. */
  static Set<String> exposedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
