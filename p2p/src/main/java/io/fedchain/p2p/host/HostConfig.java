package io.fedchain.p2p.host;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.yamux.YamuxConfig;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link Host}.
 *
 * @param listen addresses to listen on; port 0 picks a free port
 * @param negotiationTimeout longest a connection may take to agree on security and muxer, and a
 *     stream on its protocol
 * @param handshakeTimeout longest the Noise handshake may take
 * @param maxConnections connections beyond this are refused (inbound) or fail (outbound)
 * @param gater admits or closes each authenticated connection before any protocol runs
 * @param ioThreads Netty event-loop threads
 */
public record HostConfig(Identity identity, List<Multiaddr> listen, String agentVersion, Duration negotiationTimeout,
    Duration handshakeTimeout, int maxConnections, YamuxConfig yamux, ConnectionGater gater, int ioThreads) {

  public HostConfig {
    listen = List.copyOf(listen);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1, got " + ioThreads);
    }
  }

  /** Loopback on a free port, open to every peer: for tests and the probe. */
  public static HostConfig defaults(Identity identity) {
    return new HostConfig(identity, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "fedchain/0.1.0",
        Duration.ofSeconds(10), Duration.ofSeconds(10), 256, YamuxConfig.defaults(), ConnectionGater.ALLOW_ALL, 2);
  }

  public HostConfig withListen(List<Multiaddr> addrs) {
    return new HostConfig(identity, addrs, agentVersion, negotiationTimeout, handshakeTimeout, maxConnections, yamux,
        gater, ioThreads);
  }

  public HostConfig withGater(ConnectionGater g) {
    return new HostConfig(identity, listen, agentVersion, negotiationTimeout, handshakeTimeout, maxConnections, yamux,
        g, ioThreads);
  }

  public HostConfig withMaxConnections(int max) {
    return new HostConfig(identity, listen, agentVersion, negotiationTimeout, handshakeTimeout, max, yamux, gater,
        ioThreads);
  }
}
