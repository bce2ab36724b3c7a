package io.fedchain.p2p.gossip;

import io.fedchain.p2p.identity.PeerId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One pubsub RPC (pubsub spec and gossipsub v1.0/v1.1 protobuf): {@code subscriptions=1,
 * publish=2, control=3}. The message ids of IHAVE and IWANT are {@code string} in the spec's
 * protobuf but carry arbitrary bytes (from || seqno is not UTF-8), so they are read as bytes.
 */
public record Rpc(List<SubOpts> subscriptions, List<PubsubMessage> messages, Optional<Control> control) {

  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    messages = List.copyOf(messages);
    Objects.requireNonNull(control);
  }

  public static Rpc ofSubscriptions(List<SubOpts> subscriptions) {
    return new Rpc(subscriptions, List.of(), Optional.empty());
  }

  public static Rpc ofMessage(PubsubMessage message) {
    return new Rpc(List.of(), List.of(message), Optional.empty());
  }

  public static Rpc ofControl(Control control) {
    return new Rpc(List.of(), List.of(), Optional.of(control));
  }

  /** {@code SubOpts{subscribe=1, topicid=2}}. */
  public record SubOpts(boolean subscribe, String topic) {
    public SubOpts {
      Objects.requireNonNull(topic);
    }
  }

  /** {@code ControlMessage{ihave=1, iwant=2, graft=3, prune=4}}. */
  public record Control(List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {
    public Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
    }

    public boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
    }
  }

  /** {@code ControlIHave{topicID=1, messageIDs=2}}. */
  public record IHave(String topic, List<MessageId> messageIds) {
    public IHave {
      Objects.requireNonNull(topic);
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlIWant{messageIDs=1}}. */
  public record IWant(List<MessageId> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlGraft{topicID=1}}. */
  public record Graft(String topic) {
    public Graft {
      Objects.requireNonNull(topic);
    }
  }

  /**
   * {@code ControlPrune{topicID=1, peers=2, backoff=3}}; peers and backoff are v1.1 and absent
   * from a v1.0 peer's PRUNE.
   */
  public record Prune(String topic, List<PeerInfo> peers, OptionalLong backoffSeconds) {
    public Prune {
      Objects.requireNonNull(topic);
      peers = List.copyOf(peers);
      Objects.requireNonNull(backoffSeconds);
    }
  }

  /**
   * {@code PeerInfo{peerID=1, signedPeerRecord=2}} of peer exchange. The peer id is kept as bytes:
   * it is whatever the pruning peer sent and is only parsed when PX is acted on.
   */
  public record PeerInfo(Optional<byte[]> peerId, Optional<byte[]> signedPeerRecord) {
    public PeerInfo {
      Objects.requireNonNull(peerId);
      Objects.requireNonNull(signedPeerRecord);
    }

    public static PeerInfo of(PeerId peer) {
      return new PeerInfo(Optional.of(peer.toBytes()), Optional.empty());
    }

    /** The peer id, when present and a valid multihash. */
    public Optional<PeerId> parsedPeerId() {
      try {
        return peerId.map(PeerId::fromBytes);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PeerInfo p && sameBytes(p.peerId, peerId) && sameBytes(p.signedPeerRecord, signedPeerRecord);
    }

    @Override
    public int hashCode() {
      return Objects.hash(peerId.map(Arrays::hashCode), signedPeerRecord.map(Arrays::hashCode));
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
      return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }
  }
}
