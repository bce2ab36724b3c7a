package io.fedchain.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.model.Evaluation;
import io.fedchain.learning.model.Evaluator;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.model.Parameters;
import io.fedchain.learning.sim.AccuracyChart;
import io.fedchain.learning.sim.RoundResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code fedchain devnet run}: a whole devnet run from scratch. Prepares the devnet, starts the
 * nodes (and Prometheus), shows progress, applies the manifest's perturbations at their rounds,
 * stops when every running node has the manifest's number of model versions, prints the per-round
 * table (test accuracy measured here on the Fashion-MNIST test set), writes {@code rounds.csv},
 * {@code accuracy.png} and {@code report.md}, checks the invariants and stops everything.
 */
final class DevnetRun implements Callable<Integer> {
  private final Manifest m;
  private final Path manifestFile;
  private final DevnetFiles files;
  private final Optional<Path> dataDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean keep;
  private final Cluster cluster;
  private final List<NodeApi> apis = new ArrayList<>();
  /** Perturbations applied (their start) and undone (their end). */
  private final Set<Manifest.Perturbation> started = new HashSet<>();
  private final Set<Manifest.Perturbation> ended = new HashSet<>();

  DevnetRun(Manifest m, Path manifestFile, DevnetFiles files, Optional<Path> dataDir, PrintWriter out, PrintWriter err,
      boolean keep) {
    this.m = m;
    this.manifestFile = manifestFile;
    this.files = files;
    this.dataDir = dataDir;
    this.out = out;
    this.err = err;
    this.keep = keep;
    this.cluster = new Cluster(m, files);
    for (int i = 0; i < m.nodes().size(); i++) {
      apis.add(new NodeApi(DevnetFiles.apiUrl(m, i)));
    }
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.currentTimeMillis();
    if (files.prepared()) {
      for (Manifest.NodeSpec n : m.nodes()) {
        if (cluster.running(n.name())) {
          throw new IllegalStateException("devnet " + m.name() + " is running (" + n.name() + "); stop it first with"
              + " 'fedchain devnet down" + (files.dir().equals(Path.of("out", "devnet", m.name()).toAbsolutePath()
              .normalize()) ? "" : " --dir " + files.dir()) + "'");
        }
      }
      files.delete();
    }
    err.println("devnet " + m.name() + ": " + m.nodes().size() + " nodes, " + m.rounds() + " rounds, model " + m.model()
        + ", partition " + m.partition() + ", dir " + files.dir());
    files.prepare(m, manifestFile, dataDir);
    Dataset test = FashionMnist.locate(dataDir).test();
    for (Manifest.NodeSpec n : m.nodes()) {
      cluster.start(n.name());
    }
    Prometheus.startIfAvailable(m, files, err);
    boolean finished = false;
    try {
      finished = waitForRounds(t0);
      return report(finished, test, t0);
    } finally {
      if (!keep) {
        cluster.stopAll(20);
        Prometheus.stop(files);
        err.println("stopped the devnet; its data and logs stay in " + files.dir());
      } else {
        err.println("nodes left running; 'fedchain devnet down" + " --manifest " + manifestFile + "' stops them");
      }
    }
  }

  /** Polls the nodes until every running one has model version {@code rounds}; false on timeout. */
  private boolean waitForRounds(long t0) throws InterruptedException {
    long deadline = t0 + m.timeoutSeconds() * 1000;
    int lastShown = -1;
    boolean tty = System.console() != null;
    while (System.currentTimeMillis() < deadline) {
      List<Optional<JsonNode>> st = new ArrayList<>();
      for (NodeApi a : apis) {
        st.add(a.get("/status"));
      }
      long minVersion = Long.MAX_VALUE;
      long maxVersion = 0;
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < st.size(); i++) {
        Optional<JsonNode> s = st.get(i);
        String name = m.nodes().get(i).name();
        if (s.isPresent()) {
          long v = s.get().path("modelVersion").asLong();
          minVersion = Math.min(minVersion, v);
          maxVersion = Math.max(maxVersion, v);
          line.append(String.format(" %s h%d v%d p%d", name, s.get().path("height").asLong(), v,
              s.get().path("peers").size()));
        } else {
          if (!perturbed(name) && cluster.running(name) || !cluster.running(name) && !perturbed(name)) {
            minVersion = Math.min(minVersion, -1); // must answer before we are done
          }
          line.append(" ").append(name).append(!cluster.running(name) ? " (down)"
              : perturbed(name) ? " (perturbed)" : " (starting)");
        }
      }
      applyPerturbations(maxVersion);
      long secs = (System.currentTimeMillis() - t0) / 1000;
      String progress = String.format("[%3ds] round %d/%d |%s", secs, maxVersion, m.rounds(), line);
      if (tty) {
        err.print("\r" + progress + "   ");
        err.flush();
      } else if (maxVersion != lastShown) {
        err.println(progress);
        lastShown = (int) maxVersion;
      }
      if (minVersion >= m.rounds() && minVersion != Long.MAX_VALUE && allPerturbationsOver()) {
        if (tty) {
          err.println();
        }
        return true;
      }
      Thread.sleep(1000);
    }
    err.println();
    err.println("timed out after " + m.timeoutSeconds() + " s before every node reached model version " + m.rounds());
    return false;
  }

  private boolean perturbed(String node) {
    for (Manifest.Perturbation p : m.perturbations()) {
      if (p.node().equals(node) && started.contains(p) && !ended.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean allPerturbationsOver() {
    for (Manifest.Perturbation p : m.perturbations()) {
      if (p.action() != Manifest.Action.KILL && !ended.contains(p)) {
        return false;
      }
    }
    return true;
  }

  private void applyPerturbations(long round) {
    for (Manifest.Perturbation p : m.perturbations()) {
      if (!started.contains(p) && round >= p.round()) {
        started.add(p);
        err.println();
        err.println("round " + round + ": " + p.action().name().toLowerCase() + " " + p.node()
            + (p.durationRounds() > 0 ? " for " + p.durationRounds() + " rounds" : ""));
        switch (p.action()) {
          case KILL, RESTART -> cluster.kill(p.node());
          case PAUSE -> cluster.pause(p.node());
          case DISCONNECT -> apis.get(index(p.node())).post("/admin/disconnect?seconds=3600");
        }
        if (p.action() == Manifest.Action.KILL && p.durationRounds() == 0) {
          ended.add(p);
        }
      } else if (started.contains(p) && !ended.contains(p) && round >= p.round() + p.durationRounds()) {
        ended.add(p);
        err.println();
        err.println("round " + round + ": " + p.node() + " back");
        switch (p.action()) {
          case KILL, RESTART -> cluster.start(p.node());
          case PAUSE -> cluster.resume(p.node());
          case DISCONNECT -> apis.get(index(p.node())).post("/admin/reconnect");
        }
      }
    }
  }

  private int index(String node) {
    for (int i = 0; i < m.nodes().size(); i++) {
      if (m.nodes().get(i).name().equals(node)) {
        return i;
      }
    }
    throw new IllegalArgumentException(node);
  }

  private int report(boolean finished, Dataset test, long t0) throws Exception {
    List<String> failures = new ArrayList<>();
    if (!finished) {
      failures.add("the run did not reach " + m.rounds() + " rounds on every node within " + m.timeoutSeconds() + " s");
    }
    // Which nodes answer, and their heads.
    Map<Integer, JsonNode> status = new TreeMap<>();
    for (int i = 0; i < apis.size(); i++) {
      int idx = i;
      apis.get(i).get("/status").ifPresent(s -> status.put(idx, s));
    }
    if (status.isEmpty()) {
      failures.add("no node answers");
      return finish(failures, List.of());
    }
    int ref = status.keySet().iterator().next();
    NodeApi refApi = apis.get(ref);
    long minHeight = status.values().stream().mapToLong(s -> s.path("height").asLong()).min().orElse(0);
    // Invariant 1: the same block at every height on every node.
    long compared = 0;
    for (long h = 1; h <= minHeight; h++) {
      String hash = null;
      for (int i : status.keySet()) {
        Optional<JsonNode> b = apis.get(i).get("/blocks/" + h);
        if (b.isEmpty()) {
          failures.add(m.nodes().get(i).name() + " does not serve block " + h);
          continue;
        }
        String bh = b.get().path("hash").asText();
        if (hash == null) {
          hash = bh;
        } else if (!hash.equals(bh)) {
          failures.add("height " + h + ": " + m.nodes().get(i).name() + " has block " + bh.substring(0, 16) + ", "
              + m.nodes().get(ref).name() + " has " + hash.substring(0, 16));
        }
      }
      compared++;
    }
    // Invariant 2: the same global model (hash) of every version on every node.
    long minVersion = status.values().stream().mapToLong(s -> s.path("modelVersion").asLong()).min().orElse(0);
    for (long v = 0; v <= minVersion; v++) {
      String hash = null;
      for (int i : status.keySet()) {
        String mh = apis.get(i).get("/models/" + v).map(j -> j.path("hash").asText()).orElse("missing");
        if (hash == null) {
          hash = mh;
        } else if (!hash.equals(mh)) {
          failures.add("model version " + v + ": " + m.nodes().get(i).name() + " has " + mh + ", "
              + m.nodes().get(ref).name() + " has " + hash);
        }
      }
    }
    // Invariant 3: heights advanced.
    if (minHeight < 1) {
      failures.add("no block was committed");
    }
    if (status.size() < m.nodes().size()) {
      for (int i = 0; i < m.nodes().size(); i++) {
        if (!status.containsKey(i) && cluster.running(m.nodes().get(i).name())) {
          failures.add(m.nodes().get(i).name() + " runs but does not answer");
        }
      }
    }
    // The per-round table, from the reference node; test accuracy measured here.
    ModelSpec spec = ModelSpec.parse(m.model());
    List<RoundResult> rows = new ArrayList<>();
    out.printf("%5s %7s %9s %9s %9s %9s  %s%n", "round", "height", "test_acc", "accepted", "rejected", "seconds",
        "model");
    try (Evaluator ev = new Evaluator(spec, 1)) {
      long prevTime = refApi.get("/models/0").map(j -> j.path("timestampMillis").asLong()).orElse(t0);
      for (long v = 1; v <= minVersion; v++) {
        Optional<JsonNode> mv = refApi.get("/models/" + v);
        Optional<JsonNode> ru = refApi.get("/rounds/" + (v - 1) + "/updates");
        Optional<float[]> params = refApi.modelParams(v);
        if (mv.isEmpty() || ru.isEmpty() || params.isEmpty()) {
          failures.add("model version " + v + " is not served by " + m.nodes().get(ref).name());
          continue;
        }
        Evaluation e = ev.evaluate(params.get(), test);
        long time = mv.get().path("timestampMillis").asLong();
        double secs = (time - prevTime) / 1000.0;
        prevTime = time;
        String hash = Parameters.hex(Parameters.sha256(params.get()));
        if (!hash.equals(mv.get().path("hash").asText())) {
          failures.add("model version " + v + ": its parameters hash to " + hash + ", the chain says "
              + mv.get().path("hash").asText());
        }
        int acc = ru.get().path("accepted").asInt();
        int rej = ru.get().path("rejected").asInt();
        rows.add(new RoundResult((int) v, e.accuracy(), e.loss(), acc, rej, 0, 0, secs, Double.NaN, hash));
        out.printf("%5d %7d %9.4f %9d %9d %9.1f  %s%n", v, mv.get().path("height").asLong(), e.accuracy(), acc, rej,
            secs, hash.substring(0, 16));
      }
    }
    writeCsv(rows, refApi);
    AccuracyChart.write(files.dir().resolve("accuracy.png"), "fedchain devnet " + m.name() + " (" + m.nodes().size()
        + " nodes, " + m.partition() + ")", Map.of("devnet", rows));
    err.printf("checked %d heights and %d model versions on %d nodes; wrote %s, %s%n", compared, minVersion + 1,
        status.size(), files.dir().resolve("rounds.csv"), files.dir().resolve("accuracy.png"));
    return finish(failures, rows);
  }

  private void writeCsv(List<RoundResult> rows, NodeApi refApi) throws java.io.IOException {
    StringBuilder sb = new StringBuilder("round,height,test_accuracy,test_loss,accepted,rejected,round_seconds,model_hash\n");
    for (RoundResult r : rows) {
      long h = refApi.get("/models/" + r.round()).map(j -> j.path("height").asLong()).orElse(-1L);
      sb.append(String.format(java.util.Locale.ROOT, "%d,%d,%.4f,%.4f,%d,%d,%.2f,%s%n", r.round(), h,
          r.testAccuracy(), r.testLoss(), r.accepted(), r.rejected(), r.seconds(), r.modelHash()));
    }
    Files.writeString(files.dir().resolve("rounds.csv"), sb.toString());
  }

  private int finish(List<String> failures, List<RoundResult> rows) {
    if (failures.isEmpty()) {
      out.println("devnet " + m.name() + ": all invariants held (same block at every height, same model of every"
          + " version on every node, heights advanced)" + (rows.isEmpty() ? "" : String.format(
              "; final test accuracy %.4f", rows.get(rows.size() - 1).testAccuracy())));
      return 0;
    }
    out.println("devnet " + m.name() + ": " + failures.size() + " check(s) FAILED:");
    for (String f : failures.subList(0, Math.min(30, failures.size()))) {
      out.println("  " + f);
    }
    out.println("logs: " + files.dir().resolve("logs"));
    return 1;
  }
}
