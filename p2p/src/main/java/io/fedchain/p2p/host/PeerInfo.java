package io.fedchain.p2p.host;

import io.fedchain.p2p.multiaddr.Multiaddr;
import java.util.List;
import java.util.Optional;

/** What identify told us about a connected peer. */
public record PeerInfo(String agentVersion, String protocolVersion, List<String> protocols, List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr) {}
