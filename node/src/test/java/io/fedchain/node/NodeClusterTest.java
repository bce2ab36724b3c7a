package io.fedchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.CommittedBlock;
import io.fedchain.chain.types.Roles;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.DatasetFiles;
import io.fedchain.learning.data.SyntheticData;
import io.fedchain.learning.partition.ClientData;
import io.fedchain.learning.partition.Partitioner;
import io.fedchain.learning.partition.Partitioning;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four nodes in this JVM over real loopback sockets and real RocksDB: they train on their own
 * (synthetic) data, judge each other's updates, agree on every block and model, and a node that
 * stops and starts again on its data resumes and catches up.
 */
class NodeClusterTest {
  private static final int N = 4;
  private static final long WAIT_MILLIS = 240_000;

  @TempDir
  Path dir;

  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Node n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private NodeConfig config(int i, List<Multiaddr> peers) {
    return new NodeConfig(dir.resolve("node" + i), Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), peers,
        Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.of(dir.resolve("data" + i)), true, true,
        Optional.empty(), new TrainingConfig(1, 32, 0.05f, 0.9f, 0f, 0f), 7 + i, 500, 50);
  }

  private Node start(int i, List<ChainKey> keys, Genesis g) {
    List<Multiaddr> peers = new ArrayList<>();
    for (int j = 0; j < nodes.size(); j++) {
      if (j != i && nodes.get(j) != null) {
        peers.add(nodes.get(j).network().listenAddrs().get(0));
      }
    }
    Node n = new Node(config(i, peers), keys.get(i), g);
    n.start();
    return n;
  }

  @Test
  void fourNodesAgreeOnEveryBlockAndModelAndARestartedNodeCatchesUp() throws Exception {
    Dataset data = SyntheticData.fashionShaped("synthetic", 2400, 3);
    List<ClientData> parts = Partitioning.split(data, Partitioner.parse("dirichlet:1.0"), N, 0.2, 5);
    List<ChainKey> keys = new ArrayList<>();
    List<Genesis.Account> accounts = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      DatasetFiles.write(parts.get(i).train(), dir.resolve("data" + i), "train");
      DatasetFiles.write(parts.get(i).validation(), dir.resolve("data" + i), "validation");
      ChainKey k = ChainKey.fromSeed(new byte[] {(byte) i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
          18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});
      keys.add(k);
      accounts.add(new Genesis.Account(k.id(), Roles.BOTH, 100, 0));
    }
    // A lenient rule and a short deadline: this test is about agreement, not the filter.
    Params p = Params.defaults().with("updatesToClose", "3").with("roundDeadlineMillis", "5000")
        .with("epsilonBp", "5000");
    Genesis g = new Genesis("cluster-test", System.currentTimeMillis(), "softmax", 11, accounts, p);
    for (int i = 0; i < N; i++) {
      nodes.add(start(i, keys, g));
    }
    await("3 model versions on every node", () -> nodes.stream().allMatch(n -> n.ledger().head().round().round() >= 3));

    // Stop node 3, let the others go on, start it again on the same home: it resumes and catches up.
    long stoppedAt = nodes.get(3).ledger().head().height();
    nodes.get(3).close();
    nodes.set(3, null);
    await("progress without node 3", () -> nodes.get(0).ledger().head().height() >= stoppedAt + 3);
    nodes.set(3, start(3, keys, g));
    assertTrue(nodes.get(3).ledger().head().height() >= stoppedAt, "resumed from its database");
    long target = nodes.get(0).ledger().head().height() + 2;
    await("node 3 back at the head", () -> nodes.get(3).ledger().head().height() >= target);

    long common = nodes.stream().mapToLong(n -> n.ledger().head().height()).min().orElseThrow();
    for (long h = 1; h <= common; h++) {
      CommittedBlock ref = nodes.get(0).ledger().block(h).orElseThrow();
      for (Node n : nodes) {
        assertEquals(ref.block().hash(), n.ledger().block(h).orElseThrow().block().hash(), "block " + h);
      }
    }
    long version = nodes.stream().mapToLong(n -> n.ledger().head().round().round()).min().orElseThrow();
    for (Node n : nodes) {
      assertEquals(nodes.get(0).ledger().database().store().modelVersion(version).orElseThrow().modelHash(),
          n.ledger().database().store().modelVersion(version).orElseThrow().modelHash(), "model " + version);
    }
  }
}
