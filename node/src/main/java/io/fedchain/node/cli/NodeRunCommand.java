package io.fedchain.node.cli;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.node.Node;
import io.fedchain.node.NodeConfig;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain node run}: runs a node until SIGTERM or SIGINT, then stops it cleanly (the
 * database is closed, so the next start resumes from it).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a node: p2p, consensus, chain store, and the member's trainer and validator roles.",
        "Every setting comes from its option, else from the environment (FEDCHAIN_<NAME>, e.g. FEDCHAIN_HTTP),",
        "else from the YAML file of --config (keys are the option names: 'http: 127.0.0.1:8545')."})
final class NodeRunCommand implements Callable<Integer> {
  static final Set<String> KEYS = new LinkedHashSet<>(List.of("home", "key", "genesis", "listen", "peers", "http",
      "local-data", "train", "validate", "attack", "epochs", "lr", "batch-size", "seed", "sync-wait-ms", "commit-delay-ms"));

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of settings (lowest precedence).")
  Path config;

  @Option(names = "--home", paramLabel = "DIR", description = "Data directory (the database goes to DIR/db).")
  String home;

  @Option(names = "--key", paramLabel = "FILE", description = "The member's key file ('fedchain keys new').")
  String key;

  @Option(names = "--genesis", paramLabel = "FILE", description = "The chain's genesis file ('fedchain genesis new').")
  String genesis;

  @Option(names = "--listen", paramLabel = "MULTIADDR",
      description = "libp2p listen address (default /ip4/127.0.0.1/tcp/9000).")
  String listen;

  @Option(names = "--peers", paramLabel = "MULTIADDR[,...]",
      description = "Static peers with peer ids, e.g. /ip4/127.0.0.1/tcp/9001/p2p/12D3KooW...")
  String peers;

  @Option(names = "--http", paramLabel = "HOST:PORT",
      description = "Address of the HTTP API and /metrics (default 127.0.0.1:8545; 'off' for none).")
  String http;

  @Option(names = "--local-data", paramLabel = "DIR",
      description = "The member's data: train-* and validation-* IDX file pairs (written by the devnet).")
  String localData;

  @Option(names = "--train", paramLabel = "BOOL", description = "Train each round when a trainer (default true).")
  String train;

  @Option(names = "--validate", paramLabel = "BOOL",
      description = "Judge updates on the validation data (default true).")
  String validate;

  @Option(names = "--attack", paramLabel = "ATTACK",
      description = "Devnet attacker: label-flip, sign-flip[:scale], scale:<f>, noise[:sigma], alie[:z].")
  String attack;

  @Option(names = "--epochs", paramLabel = "N", description = "Local epochs per round (default 2).")
  String epochs;

  @Option(names = "--lr", paramLabel = "RATE", description = "Local learning rate (default 0.02).")
  String lr;

  @Option(names = "--batch-size", paramLabel = "N", description = "Local batch size (default 32).")
  String batchSize;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of local training (default 1).")
  String seed;

  @Option(names = "--sync-wait-ms", paramLabel = "MS",
      description = "How long to wait for peers to sync from before voting (default 3000).")
  String syncWaitMs;

  @Option(names = "--commit-delay-ms", paramLabel = "MS",
      description = "Pause after each commit before the next height; sets the pace of empty blocks (default 500).")
  String commitDelayMs;

  @Override
  public Integer call() throws Exception {
    Settings s = Settings.load(Optional.ofNullable(config), System.getenv(), KEYS)
        .cli("home", home).cli("key", key).cli("genesis", genesis).cli("listen", listen).cli("peers", peers)
        .cli("http", http).cli("local-data", localData).cli("train", train).cli("validate", validate)
        .cli("attack", attack).cli("epochs", epochs).cli("lr", lr).cli("batch-size", batchSize).cli("seed", seed)
        .cli("sync-wait-ms", syncWaitMs).cli("commit-delay-ms", commitDelayMs);
    NodeConfig cfg = config(s);
    ChainKey k = KeyFile.read(s.require("key", "a key file path", Path::of));
    Genesis g = GenesisJson.read(s.require("genesis", "a genesis file path", Path::of));
    Node node = new Node(cfg, k, g);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    node.start();
    spec.commandLine().getErr().println("node " + k.id().peerId() + " running; chain " + g.chainId()
        + node.httpAddress().map(a -> ", API http://" + a.getHostString() + ":" + a.getPort()).orElse(""));
    stopped.await();
    return 0;
  }

  static NodeConfig config(Settings s) {
    Path home = s.require("home", "a directory", Path::of);
    Multiaddr listen = s.get("listen", "a multiaddr such as /ip4/127.0.0.1/tcp/9000", Multiaddr::parse)
        .orElse(Multiaddr.parse("/ip4/127.0.0.1/tcp/9000"));
    List<Multiaddr> peers = s.list("peers", "a multiaddr with /p2p/<peer id>", t -> {
      Multiaddr m = Multiaddr.parse(t);
      if (m.peerId().isEmpty()) {
        throw new IllegalArgumentException("a static peer needs its peer id (/p2p/12D3KooW...)");
      }
      return m;
    });
    Optional<InetSocketAddress> http = s.get("http", "HOST:PORT or off", NodeRunCommand::hostPort)
        .orElse(Optional.of(new InetSocketAddress("127.0.0.1", 8545)));
    Optional<Path> data = s.get("local-data", "a directory", Path::of);
    boolean train = s.get("train", "true or false", Settings::parseBool).orElse(true);
    boolean validate = s.get("validate", "true or false", Settings::parseBool).orElse(true);
    Optional<String> attack = s.get("attack", "an attack such as label-flip or sign-flip:5", t -> {
      Attack.parse(t);
      return t;
    });
    TrainingConfig d = TrainingConfig.DEFAULT;
    int epochs = s.get("epochs", "a positive integer", Integer::parseInt).orElse(d.epochs());
    float lr = s.get("lr", "a positive number", Float::parseFloat).orElse(d.learningRate());
    int batch = s.get("batch-size", "a positive integer", Integer::parseInt).orElse(d.batchSize());
    TrainingConfig training;
    try {
      training = new TrainingConfig(epochs, batch, lr, d.momentum(), d.proxMu(), d.weightDecay(), d.roundDecay());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("local training settings: " + e.getMessage());
    }
    long seed = s.get("seed", "an integer", Long::parseLong).orElse(1L);
    long wait = s.get("sync-wait-ms", "milliseconds", Long::parseLong).orElse(3000L);
    long delay = s.get("commit-delay-ms", "milliseconds", Long::parseLong).orElse(500L);
    if (delay < 0 || wait < 0) {
      throw new IllegalArgumentException("sync-wait-ms and commit-delay-ms must be >= 0");
    }
    return new NodeConfig(home, listen, peers, http, data, train, validate, attack, training, seed, wait, delay);
  }

  static Optional<InetSocketAddress> hostPort(String text) {
    if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("no port");
    }
    int port = Integer.parseInt(text.substring(colon + 1));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range");
    }
    return Optional.of(new InetSocketAddress(text.substring(0, colon), port));
  }
}
