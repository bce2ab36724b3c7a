package io.fedchain.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedchain devnet up|down|status|run}: a local cluster of node processes on loopback. */
@Command(name = "devnet", mixinStandardHelpOptions = true,
    description = "A local devnet: node JVMs on loopback described by a manifest (devnet/manifests/*.yaml).",
    subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class,
        DevnetCommand.Run.class})
final class DevnetCommand {

  /** Options every devnet command takes. */
  static final class Where {
    @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "devnet/manifests/default.yaml",
        description = "The devnet's manifest (default ${DEFAULT-VALUE}).")
    Path manifestFile;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "The devnet's directory (default out/devnet/<manifest name>).")
    Path dir;

    Manifest manifest() {
      return Manifest.read(manifestFile);
    }

    DevnetFiles files(Manifest m) {
      return new DevnetFiles(dir != null ? dir : Path.of("out", "devnet", m.name()));
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Starts the devnet and leaves it running: prepares keys, genesis, configs and data the first time;",
          "later calls restart stopped nodes on their data. Stop it with 'fedchain devnet down'."})
  static final class Up implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST directory (default: located).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      Manifest m = where.manifest();
      DevnetFiles f = where.files(m);
      Cluster c = new Cluster(m, f);
      var err = spec.commandLine().getErr();
      if (!f.prepared()) {
        err.println("preparing devnet " + m.name() + " in " + f.dir() + " ...");
        f.prepare(m, where.manifestFile, Optional.ofNullable(dataDir));
      }
      for (Manifest.NodeSpec n : m.nodes()) {
        if (c.running(n.name())) {
          err.println(n.name() + " already running (pid " + c.pids().get(n.name()) + ")");
        } else {
          long pid = c.start(n.name());
          err.println("started " + n.name() + " (pid " + pid + "), API " + DevnetFiles.apiUrl(m,
              m.nodes().indexOf(n)) + ", log " + f.log(n.name()));
        }
      }
      Prometheus.startIfAvailable(m, f, err);
      err.println("'fedchain devnet status' shows progress; 'fedchain devnet down' stops it.");
      return 0;
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stops the devnet's nodes (SIGTERM; their data stays unless --delete).")
  static final class Down implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Option(names = "--delete", description = "Also delete the devnet's directory (keys, chain data, logs).")
    boolean delete;

    @Override
    public Integer call() {
      Manifest m = where.manifest();
      DevnetFiles f = where.files(m);
      new Cluster(m, f).stopAll(20);
      Prometheus.stop(f);
      spec.commandLine().getErr().println("stopped devnet " + m.name());
      if (delete) {
        f.delete();
        spec.commandLine().getErr().println("deleted " + f.dir());
      }
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Shows every node's process, height, peers and model version.")
  static final class Status implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Override
    public Integer call() {
      Manifest m = where.manifest();
      DevnetFiles f = where.files(m);
      Cluster c = new Cluster(m, f);
      var out = spec.commandLine().getOut();
      out.printf("%-8s %-8s %7s %6s %5s %6s %8s  %s%n", "node", "pid", "height", "round", "peers", "model",
          "accuracy", "api");
      for (int i = 0; i < m.nodes().size(); i++) {
        String name = m.nodes().get(i).name();
        String url = DevnetFiles.apiUrl(m, i);
        Optional<JsonNode> s = new NodeApi(url).get("/status");
        String pid = c.process(name).map(h -> Long.toString(h.pid())).orElse("stopped");
        if (s.isPresent()) {
          JsonNode j = s.get();
          JsonNode acc = j.path("modelAccuracy");
          out.printf("%-8s %-8s %7d %6d %5d %6d %8s  %s%s%n", name, pid, j.path("height").asLong(),
              j.path("round").asInt(), j.path("peers").size(), j.path("modelVersion").asLong(),
              acc.isNumber() ? String.format("%.4f", acc.asDouble()) : "-", url,
              j.path("syncing").asBoolean() ? " (syncing)" : "");
        } else {
          out.printf("%-8s %-8s %7s %6s %5s %6s %8s  %s%n", name, pid, "-", "-", "-", "-", "-", url + " (no answer)");
        }
      }
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Runs the devnet from scratch to the manifest's number of rounds: prepares it, starts the nodes",
          "(and Prometheus when installed), shows progress and a per-round table, writes rounds.csv and",
          "accuracy.png, checks that every node has the same block at every height and the same model, stops",
          "everything, and exits 0 only if every check held."})
  static final class Run implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Where where;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST directory (default: located).")
    Path dataDir;

    @Option(names = "--keep", description = "Leave the nodes running at the end (stop them with 'devnet down').")
    boolean keep;

    @Override
    public Integer call() throws Exception {
      Manifest m = where.manifest();
      DevnetFiles f = where.files(m);
      return new DevnetRun(m, where.manifestFile, f, Optional.ofNullable(dataDir), spec.commandLine().getOut(),
          spec.commandLine().getErr(), keep).call();
    }
  }
}
