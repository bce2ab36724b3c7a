package io.fedchain.p2p.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The peer manager keeps a node connected to its static peers, across restarts of the peer. */
class PeerManagerTest {

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void shouldConnectReconnectAfterTheStaticPeerRestarts() throws Exception {
    Identity peerIdentity = Identity.random();
    Host peer = new Host(HostConfig.defaults(peerIdentity));
    peer.start();
    Multiaddr addr = peer.listenAddrs().get(0);
    Host node = new Host(HostConfig.defaults(Identity.random()));
    node.start();
    try (PeerManager manager = new PeerManager(node, Duration.ofMillis(50), Duration.ofMillis(400))) {
      manager.addStaticPeers(List.of(addr, node.listenAddrs().get(0)));
      manager.start(Duration.ofMillis(50));
      await("first connection", () -> node.connection(peerIdentity.peerId()).isPresent());
      peer.close();
      await("the connection's loss to be seen", () -> node.connection(peerIdentity.peerId()).isEmpty());
      // The peer comes back on the same port: the manager, backing off meanwhile, reconnects.
      Host again = new Host(HostConfig.defaults(peerIdentity).withListen(List.of(addr.withoutPeerId())));
      again.start();
      try {
        await("reconnection", () -> node.connection(peerIdentity.peerId()).isPresent());
        assertTrue(node.connection(node.peerId()).isEmpty(), "it never dials itself");
      } finally {
        again.close();
      }
    } finally {
      node.close();
    }
  }
}
