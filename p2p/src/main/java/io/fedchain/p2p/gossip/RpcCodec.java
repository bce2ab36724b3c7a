package io.fedchain.p2p.gossip;

import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Protobuf encoding of {@link Rpc}. Fields are written in field-number order and optional fields
 * only when present, which is what js-libp2p writes: the encoder reproduces its bytes exactly.
 * The decoder checks every length and count against {@link RpcLimits} and throws
 * {@link ProtoException} on anything else.
 */
public final class RpcCodec {
  private static final int PEER_ID_MAX = 128;
  private static final int SEQNO_MAX = 64;
  private static final int SIGNATURE_MAX = 512;
  private static final int KEY_MAX = 1024;
  private static final int PEER_RECORD_MAX = 4096;

  private RpcCodec() {}

  public static byte[] encode(Rpc rpc) {
    ProtoWriter w = new ProtoWriter(64 + rpc.messages().stream().mapToInt(m -> m.dataLength() + 200).sum());
    for (Rpc.SubOpts s : rpc.subscriptions()) {
      w.message(1, new ProtoWriter(s.topic().length() + 8).bool(1, s.subscribe()).string(2, s.topic()));
    }
    for (PubsubMessage m : rpc.messages()) {
      w.bytes(2, encodeMessage(m));
    }
    rpc.control().ifPresent(c -> w.message(3, encodeControl(c)));
    return w.toByteArray();
  }

  /** One {@code Message}, every present field in field-number order. */
  public static byte[] encodeMessage(PubsubMessage m) {
    ProtoWriter w = new ProtoWriter(m.dataLength() + 200);
    m.from().ifPresent(v -> w.bytes(1, v));
    m.data().ifPresent(v -> w.bytes(2, v));
    m.seqno().ifPresent(v -> w.bytes(3, v));
    m.topic().ifPresent(v -> w.string(4, v));
    m.signature().ifPresent(v -> w.bytes(5, v));
    m.key().ifPresent(v -> w.bytes(6, v));
    return w.toByteArray();
  }

  private static ProtoWriter encodeControl(Rpc.Control c) {
    ProtoWriter w = new ProtoWriter();
    for (Rpc.IHave ih : c.ihave()) {
      ProtoWriter n = new ProtoWriter().string(1, ih.topic());
      ih.messageIds().forEach(id -> n.bytes(2, id.bytesUnsafe()));
      w.message(1, n);
    }
    for (Rpc.IWant iw : c.iwant()) {
      ProtoWriter n = new ProtoWriter();
      iw.messageIds().forEach(id -> n.bytes(1, id.bytesUnsafe()));
      w.message(2, n);
    }
    for (Rpc.Graft g : c.graft()) {
      w.message(3, new ProtoWriter().string(1, g.topic()));
    }
    for (Rpc.Prune p : c.prune()) {
      ProtoWriter n = new ProtoWriter().string(1, p.topic());
      for (Rpc.PeerInfo pi : p.peers()) {
        ProtoWriter i = new ProtoWriter();
        pi.peerId().ifPresent(v -> i.bytes(1, v));
        pi.signedPeerRecord().ifPresent(v -> i.bytes(2, v));
        n.message(2, i);
      }
      p.backoffSeconds().ifPresent(b -> n.varint(3, b));
      w.message(4, n);
    }
    return w;
  }

  public static Rpc decode(byte[] bytes, RpcLimits limits) {
    if (bytes.length > limits.maxRpcSize()) {
      throw new ProtoException("RPC of " + bytes.length + " bytes exceeds the limit of " + limits.maxRpcSize());
    }
    return new Decoder(limits).rpc(new ProtoReader(bytes), bytes.length);
  }

  /** Keeps the running counts of one RPC against its limits. */
  private static final class Decoder {
    private final RpcLimits limits;
    private int ids;
    private int controlEntries;

    Decoder(RpcLimits limits) {
      this.limits = limits;
    }

    Rpc rpc(ProtoReader r, int size) {
      List<Rpc.SubOpts> subs = new ArrayList<>();
      List<PubsubMessage> messages = new ArrayList<>();
      Rpc.Control control = null;
      while (r.hasMore()) {
        int tag = r.readTag();
        switch (ProtoReader.fieldNumber(tag)) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            if (subs.size() >= limits.maxSubscriptions()) {
              throw new ProtoException("more than " + limits.maxSubscriptions() + " subscriptions in one RPC");
            }
            subs.add(subOpts(r.readMessage(size)));
          }
          case 2 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            if (messages.size() >= limits.maxMessages()) {
              throw new ProtoException("more than " + limits.maxMessages() + " messages in one RPC");
            }
            messages.add(message(r.readMessage(size), size));
          }
          case 3 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            control = control(r.readMessage(size), size, control);
          }
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      return new Rpc(subs, messages, Optional.ofNullable(control));
    }

    private Rpc.SubOpts subOpts(ProtoReader r) {
      boolean subscribe = false;
      String topic = null;
      while (r.hasMore()) {
        int tag = r.readTag();
        switch (ProtoReader.fieldNumber(tag)) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.VARINT);
            subscribe = r.readBool();
          }
          case 2 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            topic = topic(r);
          }
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      if (topic == null) {
        throw new ProtoException("subscription without a topic");
      }
      return new Rpc.SubOpts(subscribe, topic);
    }

    private PubsubMessage message(ProtoReader r, int size) {
      byte[] from = null;
      byte[] data = null;
      byte[] seqno = null;
      String topic = null;
      byte[] signature = null;
      byte[] key = null;
      while (r.hasMore()) {
        int tag = r.readTag();
        int field = ProtoReader.fieldNumber(tag);
        if (field >= 1 && field <= 6) {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
        }
        switch (field) {
          case 1 -> from = r.readBytes(PEER_ID_MAX);
          case 2 -> data = r.readBytes(size);
          case 3 -> seqno = r.readBytes(SEQNO_MAX);
          case 4 -> topic = topic(r);
          case 5 -> signature = r.readBytes(SIGNATURE_MAX);
          case 6 -> key = r.readBytes(KEY_MAX);
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      return PubsubMessage.ofNullable(from, data, seqno, topic, signature, key);
    }

    /** Repeated control fields merge, as protobuf merges a repeated embedded message. */
    private Rpc.Control control(ProtoReader r, int size, Rpc.Control previous) {
      List<Rpc.IHave> ihave = new ArrayList<>();
      List<Rpc.IWant> iwant = new ArrayList<>();
      List<Rpc.Graft> graft = new ArrayList<>();
      List<Rpc.Prune> prune = new ArrayList<>();
      if (previous != null) {
        ihave.addAll(previous.ihave());
        iwant.addAll(previous.iwant());
        graft.addAll(previous.graft());
        prune.addAll(previous.prune());
      }
      while (r.hasMore()) {
        int tag = r.readTag();
        int field = ProtoReader.fieldNumber(tag);
        if (field < 1 || field > 4) {
          r.skip(ProtoReader.wireType(tag));
          continue;
        }
        ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
        if (++controlEntries > limits.maxControlEntries()) {
          throw new ProtoException("more than " + limits.maxControlEntries() + " control entries in one RPC");
        }
        ProtoReader n = r.readMessage(size);
        switch (field) {
          case 1 -> ihave.add(ihave(n));
          case 2 -> iwant.add(new Rpc.IWant(ids(n, 1)));
          case 3 -> graft.add(new Rpc.Graft(topicOnly(n)));
          default -> prune.add(prune(n));
        }
      }
      return new Rpc.Control(ihave, iwant, graft, prune);
    }

    private Rpc.IHave ihave(ProtoReader r) {
      String topic = "";
      List<MessageId> list = new ArrayList<>();
      while (r.hasMore()) {
        int tag = r.readTag();
        switch (ProtoReader.fieldNumber(tag)) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            topic = topic(r);
          }
          case 2 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            list.add(id(r));
          }
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      return new Rpc.IHave(topic, list);
    }

    private List<MessageId> ids(ProtoReader r, int field) {
      List<MessageId> list = new ArrayList<>();
      while (r.hasMore()) {
        int tag = r.readTag();
        if (ProtoReader.fieldNumber(tag) == field) {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          list.add(id(r));
        } else {
          r.skip(ProtoReader.wireType(tag));
        }
      }
      return list;
    }

    private MessageId id(ProtoReader r) {
      if (++ids > limits.maxMessageIds()) {
        throw new ProtoException("more than " + limits.maxMessageIds() + " message ids in one RPC");
      }
      return MessageId.wrap(r.readBytes(limits.maxMessageIdLength()));
    }

    private String topicOnly(ProtoReader r) {
      String topic = "";
      while (r.hasMore()) {
        int tag = r.readTag();
        if (ProtoReader.fieldNumber(tag) == 1) {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          topic = topic(r);
        } else {
          r.skip(ProtoReader.wireType(tag));
        }
      }
      return topic;
    }

    private Rpc.Prune prune(ProtoReader r) {
      String topic = "";
      List<Rpc.PeerInfo> peers = new ArrayList<>();
      OptionalLong backoff = OptionalLong.empty();
      while (r.hasMore()) {
        int tag = r.readTag();
        switch (ProtoReader.fieldNumber(tag)) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            topic = topic(r);
          }
          case 2 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            if (peers.size() >= limits.maxPrunePeers()) {
              throw new ProtoException("more than " + limits.maxPrunePeers() + " PX peers in one PRUNE");
            }
            peers.add(peerInfo(r.readMessage(PEER_ID_MAX + PEER_RECORD_MAX + 16)));
          }
          case 3 -> {
            ProtoReader.expect(tag, ProtoReader.VARINT);
            backoff = OptionalLong.of(r.readVarint());
          }
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      return new Rpc.Prune(topic, peers, backoff);
    }

    private Rpc.PeerInfo peerInfo(ProtoReader r) {
      byte[] peerId = null;
      byte[] record = null;
      while (r.hasMore()) {
        int tag = r.readTag();
        switch (ProtoReader.fieldNumber(tag)) {
          case 1 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            peerId = r.readBytes(PEER_ID_MAX);
          }
          case 2 -> {
            ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
            record = r.readBytes(PEER_RECORD_MAX);
          }
          default -> r.skip(ProtoReader.wireType(tag));
        }
      }
      return new Rpc.PeerInfo(Optional.ofNullable(peerId), Optional.ofNullable(record));
    }

    private String topic(ProtoReader r) {
      return r.readString(limits.maxTopicLength());
    }
  }

  /** The UTF-8 length of a topic, as the decoder measures it. */
  static int topicLength(String topic) {
    return topic.getBytes(StandardCharsets.UTF_8).length;
  }
}
