package io.fedchain.devnet;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.chain.state.Params;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.DatasetFiles;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.partition.ClientData;
import io.fedchain.learning.partition.Partitioner;
import io.fedchain.learning.partition.Partitioning;
import io.fedchain.learning.util.SeededRandom;
import io.fedchain.node.cli.KeyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one devnet under its directory: keys, the genesis, each node's config (YAML, read by
 * {@code fedchain node run --config}), each node's data partition (IDX pairs), logs.
 *
 * <pre>
 * DIR/manifest.yaml  genesis.json  pids  rounds.csv  accuracy.png  report.md
 * DIR/nodes/NAME/{key.json, node.yaml, data/, home/}   DIR/logs/NAME.log   DIR/prometheus/
 * </pre>
 */
public final class DevnetFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DevnetFiles.class);

  /** Time between preparing a devnet and its genesis time: the nodes' start-up. */
  static final long GENESIS_DELAY_MILLIS = 8_000;

  private final Path dir;

  public DevnetFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  public Path genesis() {
    return dir.resolve("genesis.json");
  }

  public Path manifest() {
    return dir.resolve("manifest.yaml");
  }

  public Path node(String name) {
    return dir.resolve("nodes").resolve(name);
  }

  public Path nodeConfig(String name) {
    return node(name).resolve("node.yaml");
  }

  public Path key(String name) {
    return node(name).resolve("key.json");
  }

  public Path log(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  public Path pids() {
    return dir.resolve("pids");
  }

  public boolean prepared() {
    return Files.isRegularFile(genesis());
  }

  /** Keys, genesis, configs and data partitions for {@code m}; the dataset comes from {@code dataDir} or is located. */
  public void prepare(Manifest m, Path manifestFile, Optional<Path> dataDir) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    Files.copy(manifestFile, manifest(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<ChainKey> keys = new ArrayList<>();
    for (Manifest.NodeSpec n : m.nodes()) {
      Files.createDirectories(node(n.name()));
      ChainKey k = ChainKey.random();
      KeyFile.write(key(n.name()), k, true);
      keys.add(k);
    }
    writeData(m, dataDir);
    // The genesis time starts FL round 0's deadline: set it once the data is ready, as the nodes start.
    Params params = Params.defaults();
    for (Map.Entry<String, String> e : m.params().entrySet()) {
      params = params.with(e.getKey(), e.getValue());
    }
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < m.nodes().size(); i++) {
      Manifest.NodeSpec n = m.nodes().get(i);
      accounts.add(new Genesis.Account(keys.get(i).id(), n.roles(), n.stake(), 0));
    }
    // The chain starts a few seconds ahead, once the node JVMs are up (nodes wait for the genesis
    // time): otherwise FL round 0's deadline ran out while they started and it closed empty.
    long start = (System.currentTimeMillis() + GENESIS_DELAY_MILLIS) / 1000 * 1000;
    Genesis g = new Genesis(m.chainId(), start, m.model(), m.seed(), accounts, params);
    Files.writeString(genesis(), GenesisJson.write(g));
    for (int i = 0; i < m.nodes().size(); i++) {
      Files.writeString(nodeConfig(m.nodes().get(i).name()), nodeYaml(m, i, keys));
    }
  }

  /**
   * Each node's training data: the manifest's partition of the training set. Validation data: with
   * {@code validation: iid} (the default) a held-out share of the training set, shuffled and split
   * evenly, so every validator judges on the same distribution as the test set; with
   * {@code validation: local} a share of the node's own partition (Partitioning's convention), so a
   * validator judges on its own skewed labels and rejects more honest updates from other
   * distributions (devnet/README.md has the measurements).
   */
  private void writeData(Manifest m, Optional<Path> dataDir) {
    FashionMnist fm = FashionMnist.locate(dataDir);
    Dataset all = fm.train();
    if (m.trainLimit() > 0) {
      all = all.head(m.trainLimit());
    }
    int n = m.nodes().size();
    List<Dataset> trains = new ArrayList<>();
    List<Dataset> validations = new ArrayList<>();
    if (m.validation().equals("local")) {
      for (ClientData cd : Partitioning.split(all, Partitioner.parse(m.partition()), n, m.validationFraction(),
          m.seed())) {
        trains.add(cd.train());
        validations.add(cd.validation());
      }
    } else {
      int[] perm = SeededRandom.of(m.seed(), "devnet-validation", 0).permutation(all.size());
      int held = (int) Math.round(all.size() * m.validationFraction());
      Dataset holdout = all.subset("validation", java.util.Arrays.copyOfRange(perm, 0, held));
      Dataset rest = all.subset("train", java.util.Arrays.copyOfRange(perm, held, perm.length));
      for (ClientData cd : Partitioning.split(rest, Partitioner.parse(m.partition()), n, 0.0, m.seed())) {
        trains.add(cd.train());
      }
      for (ClientData cd : Partitioning.split(holdout, Partitioner.parse("iid"), n, 0.0, m.seed() + 1)) {
        validations.add(cd.train());
      }
    }
    for (int i = 0; i < n; i++) {
      Path d = node(m.nodes().get(i).name()).resolve("data");
      DatasetFiles.write(trains.get(i), d, "train");
      DatasetFiles.write(validations.get(i), d, "validation");
      LOG.debug("{}: {} training and {} validation samples", m.nodes().get(i).name(), trains.get(i).size(),
          validations.get(i).size());
    }
  }

  private String nodeYaml(Manifest m, int i, List<ChainKey> keys) {
    Manifest.NodeSpec n = m.nodes().get(i);
    StringBuilder peers = new StringBuilder();
    for (int j = 0; j < m.nodes().size(); j++) {
      if (j != i) {
        peers.append(peers.length() == 0 ? "" : ",").append(p2pAddress(m, j)).append("/p2p/")
            .append(keys.get(j).id().peerId());
      }
    }
    StringBuilder y = new StringBuilder();
    y.append("# ").append(n.name()).append(" of devnet ").append(m.name()).append(" (generated from its manifest)\n");
    y.append("home: ").append(node(n.name()).resolve("home")).append('\n');
    y.append("key: ").append(key(n.name())).append('\n');
    y.append("genesis: ").append(genesis()).append('\n');
    y.append("listen: ").append(p2pAddress(m, i)).append('\n');
    y.append("peers: ").append(peers).append('\n');
    y.append("http: ").append(httpAddress(m, i)).append('\n');
    y.append("local-data: ").append(node(n.name()).resolve("data")).append('\n');
    y.append("epochs: ").append(m.epochs()).append('\n');
    y.append("seed: ").append(m.seed() * 1000 + i).append('\n');
    y.append("commit-delay-ms: ").append(m.commitDelayMillis()).append('\n');
    if (n.attacker()) {
      y.append("attack: ").append(n.attack()).append('\n');
    }
    return y.toString();
  }

  public static String p2pAddress(Manifest m, int i) {
    return "/ip4/127.0.0.1/tcp/" + (m.p2pBasePort() + i);
  }

  public static String httpAddress(Manifest m, int i) {
    return "127.0.0.1:" + (m.httpBasePort() + i);
  }

  public static String apiUrl(Manifest m, int i) {
    return "http://" + httpAddress(m, i);
  }

  /** Deletes the devnet's directory. */
  public void delete() {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
