package io.fedchain.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.crypto.MemberId;
import io.fedchain.chain.state.ChainState;
import io.fedchain.chain.state.Member;
import io.fedchain.chain.state.Stake;
import io.fedchain.chain.types.Block;
import io.fedchain.chain.types.CommitCertificate;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.SignedTx;
import io.fedchain.chain.types.TxBody;
import io.fedchain.chain.types.Vote;
import io.fedchain.learning.model.Parameters;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.storage.chain.ChainStore;
import io.fedchain.storage.chain.ModelVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API (JSON) and its Prometheus endpoint, on the JDK's HTTP server. Read-only:
 * everything is answered from the database and from snapshots the consensus thread publishes.
 *
 * <pre>
 * GET /status                      height, round, peers, syncing, model version and accuracy
 * GET /blocks/{height|hash|latest} a block with its transactions and commit certificate
 * GET /validators                  validators with stake (and every member)
 * GET /rounds/{r}/updates          the updates of FL round r, each with every validator's verdict
 * GET /models                      model versions: height, hash
 * GET /models/{v}                  one version; /models/{v}/params: float32 little-endian bytes
 * GET /metrics                     Prometheus text format
 * </pre>
 */
final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Node node;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "http-api");
    t.setDaemon(true);
    return t;
  });

  /** A request that cannot be answered: status code and message. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  HttpApi(Node node, InetSocketAddress address) {
    this.node = node;
    try {
      this.server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serve the HTTP API on " + address + ": " + e.getMessage()
          + " (is the port in use? choose another with --http)", e);
    }
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  void start() {
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (ex.getRequestMethod().equals("POST") && path.startsWith("/admin/")) {
        send(ex, 200, "application/json", JSON.writeValueAsBytes(admin(ex, path)));
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        throw new ApiError(405, "only GET is served (and POST /admin/... from this machine)");
      }
      String[] p = path.replaceAll("/+$", "").split("/");
      if (path.equals("/metrics")) {
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", node.metrics().scrape()
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (p.length == 4 && p[1].equals("models") && p[3].equals("params")) {
        send(ex, 200, "application/octet-stream", Parameters.toBytes(modelParams(version(p[2]))));
        return;
      }
      Object body = switch (p.length >= 2 ? p[1] : "") {
        case "status" -> status();
        case "blocks" -> block(p.length >= 3 ? p[2] : "latest");
        case "validators" -> validators();
        case "rounds" -> {
          if (p.length != 4 || !p[3].equals("updates")) {
            throw new ApiError(404, "expected /rounds/{round}/updates");
          }
          yield roundUpdates(number(p[2], "round"));
        }
        case "models" -> p.length >= 3 ? model(version(p[2])) : models();
        case "" -> Map.of("endpoints", List.of("/status", "/blocks/{height|hash|latest}", "/validators",
            "/rounds/{round}/updates", "/models", "/models/{version}", "/models/{version}/params", "/metrics"));
        default -> throw new ApiError(404, "no such endpoint: " + path);
      };
      send(ex, 200, "application/json", JSON.writeValueAsBytes(body));
    } catch (ApiError e) {
      sendError(ex, e.status, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("HTTP {} failed", ex.getRequestURI(), e);
      sendError(ex, 500, e.toString());
    }
  }

  /**
   * Devnet perturbations, from loopback only: {@code POST /admin/disconnect} drops every peer and
   * refuses them until {@code POST /admin/reconnect}.
   */
  private Map<String, Object> admin(HttpExchange ex, String path) {
    if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
      throw new ApiError(403, "admin requests are served to this machine only");
    }
    switch (path) {
      case "/admin/disconnect" -> node.disconnect();
      case "/admin/reconnect" -> node.reconnect();
      default -> throw new ApiError(404, "no such admin endpoint: " + path + " (disconnect, reconnect)");
    }
    return Map.of("ok", true, "action", path.substring("/admin/".length()));
  }

  private static void sendError(HttpExchange ex, int status, String message) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    send(ex, status, "application/json", JSON.writeValueAsBytes(m));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  private static long number(String s, String what) {
    try {
      long v = Long.parseLong(s);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad " + what + " '" + s + "': expected a non-negative integer");
    }
  }

  private long version(String s) {
    return s.equals("latest") ? node.ledger().head().round().round() : number(s, "model version");
  }

  private ChainStore store() {
    return node.ledger().database().store();
  }

  Map<String, Object> status() {
    ChainState head = node.ledger().head();
    Node.EngineView v = node.engineView();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chainId", head.chainId());
    m.put("peerId", node.id().peerId());
    m.put("height", head.height());
    m.put("headHash", head.height() == 0 ? head.genesisHash().toHex() : head.lastBlockHash().toHex());
    m.put("consensusHeight", v.height());
    m.put("round", v.round());
    m.put("step", v.step());
    m.put("syncing", node.syncing());
    List<String> peers = new ArrayList<>();
    for (PeerId p : node.network().connectedPeers()) {
      peers.add(p.toBase58());
    }
    peers.sort(null);
    m.put("peers", peers);
    m.put("modelVersion", head.round().round());
    m.put("modelHash", head.round().modelHash().toHex());
    m.put("modelAccuracy", Double.isNaN(node.accuracy()) ? null : node.accuracy());
    m.put("accuracyOfVersion", node.accuracyVersion());
    m.put("roundAccepted", head.round().accepted().size());
    m.put("roundRejected", head.round().rejected().size());
    m.put("mempool", node.mempoolSize());
    m.put("trainer", node.trainerState());
    Member me = head.members().get(node.id());
    m.put("roles", me == null ? List.of() : me.roles().names());
    m.put("stake", me == null ? 0 : me.stake());
    return m;
  }

  private Map<String, Object> block(String which) {
    long head = node.ledger().head().height();
    Optional<CommittedBlock> cb;
    if (which.equals("latest")) {
      if (head == 0) {
        throw new ApiError(404, "no block yet (height 0 is the genesis)");
      }
      cb = node.ledger().block(head);
    } else if (which.length() == 64 || which.startsWith("0x")) {
      Hash32 h;
      try {
        h = Hash32.fromHex(which.startsWith("0x") ? which.substring(2) : which);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "bad block hash '" + which + "': expected 64 hex digits");
      }
      cb = node.ledger().database().block(h);
    } else {
      long height = number(which, "height");
      if (height == 0) {
        throw new ApiError(404, "height 0 is the genesis, not a block (see the genesis file)");
      }
      cb = node.ledger().block(height);
    }
    CommittedBlock c = cb.orElseThrow(() -> new ApiError(404, "no block " + which + " (head is " + head + ")"));
    return blockJson(c);
  }

  private static Map<String, Object> blockJson(CommittedBlock c) {
    Block b = c.block();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", b.height());
    m.put("hash", b.hash().toHex());
    m.put("parentHash", b.header().parentHash().toHex());
    m.put("round", b.header().round());
    m.put("proposer", b.header().proposer().peerId());
    m.put("timestampMillis", b.header().timestampMillis());
    m.put("stateRoot", b.header().stateRoot().toHex());
    m.put("modelVersion", b.header().modelVersion());
    m.put("modelHash", b.header().modelHash().toHex());
    List<Object> txs = new ArrayList<>();
    for (SignedTx t : b.body().txs()) {
      Map<String, Object> tx = new LinkedHashMap<>();
      tx.put("hash", t.hash().toHex());
      tx.put("signer", t.signer().peerId());
      tx.put("nonce", t.nonce());
      tx.put("kind", t.body().getClass().getSimpleName());
      if (t.body() instanceof TxBody.Update u) {
        tx.put("flRound", u.flRound());
        tx.put("deltaHash", u.deltaHash().toHex());
        tx.put("numSamples", u.numSamples());
        tx.put("codec", u.codec());
        tx.put("deltaBytes", u.deltaSize());
      }
      txs.add(tx);
    }
    m.put("txs", txs);
    CommitCertificate cert = c.commit();
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("round", cert.round());
    List<String> signers = new ArrayList<>();
    for (Vote v : cert.precommits()) {
      signers.add(v.validator().peerId());
    }
    cm.put("signers", signers);
    m.put("commit", cm);
    return m;
  }

  private Map<String, Object> validators() {
    ChainState head = node.ledger().head();
    List<Object> vals = new ArrayList<>();
    for (Map.Entry<MemberId, Long> e : head.validators().entrySet()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("peerId", e.getKey().peerId());
      v.put("stake", e.getValue());
      v.put("share", head.totalStake() == 0 ? 0 : (double) e.getValue() / head.totalStake());
      vals.add(v);
    }
    List<Object> members = new ArrayList<>();
    for (Member mem : head.members().values()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("peerId", mem.id().peerId());
      v.put("roles", mem.roles().names());
      v.put("stake", mem.stake());
      v.put("balance", mem.balance());
      v.put("reputation", mem.reputation());
      v.put("suspendedUntilRound", mem.suspendedUntilRound());
      members.add(v);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("height", head.height());
    m.put("totalStake", head.totalStake());
    m.put("validators", vals);
    m.put("members", members);
    return m;
  }

  /**
   * The updates of FL round {@code r}: those included in blocks while the round was open, each with
   * the verdicts the next block's certificate carries (the votes that settled it) and the outcome
   * the chain derived from them (accepted with more than 2/3 of the validators' stake).
   */
  private Map<String, Object> roundUpdates(long r) {
    ChainState head = node.ledger().head();
    if (r > head.round().round()) {
      throw new ApiError(404, "FL round " + r + " has not started (current round " + head.round().round() + ")");
    }
    long from = store().modelVersion(r).map(ModelVersion::height).orElse(0L) + 1;
    long to = store().modelVersion(r + 1).map(ModelVersion::height).orElse(head.height());
    List<Object> updates = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    for (long h = from; h <= to; h++) {
      Block b = node.ledger().block(h).orElseThrow().block();
      List<TxBody.Update> us = b.body().updates();
      if (us.isEmpty()) {
        continue;
      }
      Optional<CommitCertificate> settle = h < head.height()
          ? node.ledger().block(h + 1).orElseThrow().block().body().lastCommit() : Optional.empty();
      SortedMap<MemberId, Long> voters = node.ledger().database().state(h).orElseThrow().lastValidators();
      long total = 0;
      for (long s : voters.values()) {
        total += s;
      }
      List<SignedTx> txs = b.body().txs().stream().filter(t -> t.body() instanceof TxBody.Update).toList();
      for (int i = 0; i < us.size(); i++) {
        TxBody.Update u = us.get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("height", h);
        m.put("trainer", txs.get(i).signer().peerId());
        m.put("deltaHash", u.deltaHash().toHex());
        m.put("numSamples", u.numSamples());
        m.put("codec", u.codec());
        List<Object> verdicts = new ArrayList<>();
        long yes = 0;
        if (settle.isPresent()) {
          for (Vote v : settle.get().precommits()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("validator", v.validator().peerId());
            vm.put("stake", voters.getOrDefault(v.validator(), 0L));
            vm.put("accept", v.accepts(i));
            vm.put("score", i < v.scores().length ? v.scores()[i] / 10_000.0 : null);
            verdicts.add(vm);
            if (v.accepts(i)) {
              yes += voters.getOrDefault(v.validator(), 0L);
            }
          }
        }
        String outcome = settle.isEmpty() ? "pending" : Stake.moreThanTwoThirds(yes, total) ? "accepted" : "rejected";
        if (outcome.equals("accepted")) {
          accepted++;
        } else if (outcome.equals("rejected")) {
          rejected++;
        }
        m.put("outcome", outcome);
        m.put("yesStake", yes);
        m.put("totalStake", total);
        m.put("verdicts", verdicts);
        updates.add(m);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r);
    m.put("closed", store().modelVersion(r + 1).isPresent());
    m.put("fromHeight", from);
    m.put("toHeight", to);
    m.put("accepted", accepted);
    m.put("rejected", rejected);
    m.put("updates", updates);
    return m;
  }

  private Map<String, Object> models() {
    List<Object> out = new ArrayList<>();
    long latest = node.ledger().head().round().round();
    for (long v = 0; v <= latest; v++) {
      store().modelVersion(v).ifPresent(mv -> out.add(modelJson(mv)));
    }
    return Map.of("latest", latest, "versions", out);
  }

  private Map<String, Object> model(long v) {
    return modelJson(store().modelVersion(v).orElseThrow(() -> new ApiError(404, "no model version " + v
        + " (latest is " + node.ledger().head().round().round() + ")")));
  }

  private Map<String, Object> modelJson(ModelVersion mv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", mv.version());
    m.put("height", mv.height());
    m.put("hash", java.util.HexFormat.of().formatHex(mv.modelHash().toArray()));
    m.put("timestampMillis", mv.height() == 0 ? node.genesis().genesisTimeMillis()
        : node.ledger().block(mv.height()).map(b -> b.block().header().timestampMillis()).orElse(0L));
    m.put("modelSpec", node.genesis().modelSpec());
    if (mv.version() == node.accuracyVersion()) {
      m.put("validationAccuracy", node.accuracy());
    }
    return m;
  }

  private float[] modelParams(long v) {
    ModelVersion mv = store().modelVersion(v).orElseThrow(() -> new ApiError(404, "no model version " + v));
    return node.ledger().model(Hash32.wrap(mv.modelHash().toArray()))
        .orElseThrow(() -> new ApiError(404, "model " + v + " is not stored here"));
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
