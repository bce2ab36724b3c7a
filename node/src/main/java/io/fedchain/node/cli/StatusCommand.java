package io.fedchain.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedchain status}: asks a running node's HTTP API for its status. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows a running node's height, round, peers, sync state and model (from its HTTP API).")
final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--api", paramLabel = "URL", description = "The node's API (default ${DEFAULT-VALUE}).",
      defaultValue = "${env:FEDCHAIN_API:-http://127.0.0.1:8545}")
  String api;

  @Option(names = "--json", description = "Print the API's JSON as it is.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode s = get(api, "/status");
    if (json) {
      spec.commandLine().getOut().println(s.toPrettyString());
      return 0;
    }
    var out = spec.commandLine().getOut();
    out.printf("node        %s (%s, stake %d)%n", s.path("peerId").asText(), s.path("roles").toString(),
        s.path("stake").asLong());
    out.printf("chain       %s%n", s.path("chainId").asText());
    out.printf("height      %d (deciding %d, round %d, %s)%s%n", s.path("height").asLong(),
        s.path("consensusHeight").asLong(), s.path("round").asInt(), s.path("step").asText(),
        s.path("syncing").asBoolean() ? " SYNCING" : "");
    out.printf("peers       %d%n", s.path("peers").size());
    JsonNode acc = s.path("modelAccuracy");
    out.printf("model       version %d %s, validation accuracy %s%n", s.path("modelVersion").asLong(),
        s.path("modelHash").asText().substring(0, 16),
        acc.isNull() || acc.isMissingNode() ? "n/a" : String.format("%.4f (version %d)", acc.asDouble(),
            s.path("accuracyOfVersion").asLong()));
    out.printf("round       %d accepted, %d rejected so far; mempool %d; trainer: %s%n",
        s.path("roundAccepted").asInt(), s.path("roundRejected").asInt(), s.path("mempool").asInt(),
        s.path("trainer").asText());
    return 0;
  }

  static JsonNode get(String api, String path) throws Exception {
    URI uri;
    try {
      uri = URI.create(api.replaceAll("/+$", "") + path);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--api '" + api + "': expected a URL such as http://127.0.0.1:8545");
    }
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpResponse<String> r;
    try {
      r = c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IllegalStateException("no node answers at " + api + " (is it running? its API address is its --http)");
    }
    JsonNode body = new ObjectMapper().readTree(r.body());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + ": HTTP " + r.statusCode() + ": " + body.path("error").asText());
    }
    return body;
  }
}
