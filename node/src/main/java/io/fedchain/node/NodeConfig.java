package io.fedchain.node;

import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a node process needs, after the CLI merged its sources (flags, {@code FEDCHAIN_*}
 * environment, YAML file).
 *
 * @param home data directory: {@code db/} (RocksDB) lives there
 * @param listen libp2p listen address, e.g. {@code /ip4/127.0.0.1/tcp/9000}
 * @param peers static peers (bootnodes) with their peer ids
 * @param http address of the HTTP API and {@code /metrics}; empty to serve none
 * @param localData directory with this member's data as IDX pairs {@code train-*} and
 *     {@code validation-*}; a trainer needs {@code train}, a validator {@code validation}
 * @param train train each round when the member has the trainer role
 * @param validate judge updates on validation data (a validator without it accepts every
 *     well-formed update)
 * @param attack devnet only: train as this attacker ({@code label-flip}, {@code sign-flip:5}, …)
 * @param training local training hyper-parameters (the member's own choice, not consensus)
 * @param seed seed of local training's randomness
 * @param syncWaitMillis how long to look for peers ahead of it before voting
 * @param commitDelayMillis pause after each commit before the next height (CometBFT's timeout_commit)
 */
public record NodeConfig(Path home, Multiaddr listen, List<Multiaddr> peers,
    Optional<InetSocketAddress> http, Optional<Path> localData, boolean train, boolean validate,
    Optional<String> attack, TrainingConfig training, long seed, long syncWaitMillis,
    long commitDelayMillis) {

  public NodeConfig {
    peers = List.copyOf(peers);
  }

  public Path dbDir() {
    return home.resolve("db");
  }
}
