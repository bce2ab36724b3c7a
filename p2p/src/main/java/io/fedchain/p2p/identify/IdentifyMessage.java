package io.fedchain.p2p.identify;

import io.fedchain.p2p.identity.PublicKey;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identify message ({@code /ipfs/id/1.0.0}, libp2p identify spec): who the peer is, where it
 * listens, where it sees us, and which protocols it speaks. Listen and observed addresses that
 * this node cannot represent are dropped rather than failing the whole message (peers may listen
 * on QUIC or WebSockets as well).
 */
public record IdentifyMessage(String protocolVersion, String agentVersion, Optional<PublicKey> publicKey,
    List<Multiaddr> listenAddrs, Optional<Multiaddr> observedAddr, List<String> protocols) {
  public static final String PROTOCOL = "/ipfs/id/1.0.0";
  public static final int MAX_SIZE = 64 * 1024;
  private static final int MAX_ITEMS = 256;

  public IdentifyMessage {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  public byte[] encode() {
    ProtoWriter w = new ProtoWriter(256);
    publicKey.ifPresent(k -> w.bytes(1, k.toProtobuf()));
    listenAddrs.forEach(a -> w.bytes(2, a.withoutPeerId().toBytes()));
    protocols.forEach(p -> w.string(3, p));
    observedAddr.ifPresent(a -> w.bytes(4, a.withoutPeerId().toBytes()));
    w.string(5, protocolVersion);
    w.string(6, agentVersion);
    return w.toByteArray();
  }

  public static IdentifyMessage decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new ProtoException("identify message of " + bytes.length + " bytes exceeds " + MAX_SIZE);
    }
    ProtoReader r = new ProtoReader(bytes);
    String protocolVersion = "";
    String agentVersion = "";
    Optional<PublicKey> key = Optional.empty();
    List<Multiaddr> listen = new ArrayList<>();
    Optional<Multiaddr> observed = Optional.empty();
    List<String> protocols = new ArrayList<>();
    while (r.hasMore()) {
      int tag = r.readTag();
      int field = ProtoReader.fieldNumber(tag);
      switch (field) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          key = Optional.of(PublicKey.fromProtobuf(r.readBytes(1024)));
        }
        case 2 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          byte[] a = r.readBytes(1024);
          if (listen.size() < MAX_ITEMS) {
            tryAddress(a).ifPresent(listen::add);
          }
        }
        case 3 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          String p = r.readString(1024);
          if (protocols.size() >= MAX_ITEMS) {
            throw new ProtoException("identify lists more than " + MAX_ITEMS + " protocols");
          }
          protocols.add(p);
        }
        case 4 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          observed = tryAddress(r.readBytes(1024));
        }
        case 5 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          protocolVersion = r.readString(1024);
        }
        case 6 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          agentVersion = r.readString(1024);
        }
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    return new IdentifyMessage(protocolVersion, agentVersion, key, listen, observed, protocols);
  }

  private static Optional<Multiaddr> tryAddress(byte[] bytes) {
    try {
      return Optional.of(Multiaddr.fromBytes(bytes));
    } catch (ProtoException e) {
      return Optional.empty();
    }
  }
}
