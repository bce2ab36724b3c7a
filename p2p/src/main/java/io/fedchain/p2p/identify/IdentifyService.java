package io.fedchain.p2p.identify;

import io.fedchain.p2p.host.Connection;
import io.fedchain.p2p.host.Host;
import io.fedchain.p2p.host.MessageReader;
import io.fedchain.p2p.host.P2PStream;
import io.fedchain.p2p.host.PeerInfo;
import io.fedchain.p2p.host.StreamHandler;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoWriter;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * identify ({@code /ipfs/id/1.0.0}): on every new connection each side asks the other who it is.
 * The answering side writes one length-prefixed message and closes its half (js reads until the
 * close). A peer whose identify key does not match its Noise-authenticated id is disconnected.
 */
public final class IdentifyService {
  private static final Logger LOG = LoggerFactory.getLogger(IdentifyService.class);
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** Identify results, delivered on the connection's event loop. */
  public interface Listener {
    void identified(PeerId peer, PeerInfo info);
  }

  private final Host host;
  private final Map<PeerId, PeerInfo> peers = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public IdentifyService(Host host) {
    this.host = host;
    host.setStreamHandler(IdentifyMessage.PROTOCOL, Responder::new);
    host.addListener(new Host.ConnectionListener() {
      @Override
      public void connected(Connection c) {
        request(c);
      }

      @Override
      public void disconnected(Connection c) {
        peers.remove(c.remotePeer());
      }
    });
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public Optional<PeerInfo> info(PeerId peer) {
    return Optional.ofNullable(peers.get(peer));
  }

  private IdentifyMessage ours(Connection c) {
    return new IdentifyMessage(PROTOCOL_VERSION, host.config().agentVersion(), Optional.of(host.identity().publicKey()),
        host.listenAddrs(), Optional.of(c.remoteAddr().withoutPeerId()), host.protocols().stream().sorted().toList());
  }

  private final class Responder implements StreamHandler {
    @Override
    public void onOpen(P2PStream stream) {
      stream.write(ProtoWriter.lengthPrefixed(ours(stream.connection()).encode()));
      stream.closeWrite();
    }

    @Override
    public void onData(P2PStream stream, ByteBuf data) {
      data.release();
    }
  }

  private void request(Connection c) {
    Consumer<IdentifyMessage> onMessage = m -> accept(c, m);
    c.openStream(List.of(IdentifyMessage.PROTOCOL), new StreamHandler() {
      private final MessageReader reader = new MessageReader(IdentifyMessage.MAX_SIZE);
      private boolean done;

      @Override
      public void onData(P2PStream stream, ByteBuf data) {
        try {
          for (byte[] m : reader.read(data)) {
            if (!done) {
              done = true;
              onMessage.accept(IdentifyMessage.decode(m));
            }
          }
        } catch (ProtoException e) {
          LOG.debug("bad identify message from {}: {}", c.remotePeer(), e.getMessage());
          stream.reset();
        }
      }

      @Override
      public void onRemoteClose(P2PStream stream) {
        stream.closeWrite();
      }
    }).exceptionally(e -> {
      LOG.debug("identify of {} failed: {}", c.remotePeer(), e.getMessage());
      return null;
    });
  }

  private void accept(Connection c, IdentifyMessage m) {
    if (m.publicKey().isPresent() && !m.publicKey().get().peerId().equals(c.remotePeer())) {
      LOG.info("disconnecting {}: its identify key belongs to {}", c.remotePeer(), m.publicKey().get().peerId());
      c.close();
      return;
    }
    PeerInfo info = new PeerInfo(m.agentVersion(), m.protocolVersion(), m.protocols(), m.listenAddrs(),
        m.observedAddr());
    peers.put(c.remotePeer(), info);
    for (Listener l : listeners) {
      l.identified(c.remotePeer(), info);
    }
  }
}
