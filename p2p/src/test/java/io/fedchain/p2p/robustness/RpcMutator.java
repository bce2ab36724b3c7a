package io.fedchain.p2p.robustness;

import io.fedchain.p2p.gossip.MessageId;
import io.fedchain.p2p.gossip.MessageSigning;
import io.fedchain.p2p.gossip.PubsubMessage;
import io.fedchain.p2p.gossip.Rpc;
import io.fedchain.p2p.gossip.RpcCodec;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.proto.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Seeded mutations of valid gossipsub RPC frames (varint length + protobuf {@code RPC}), as an
 * authenticated peer would send them on its gossip stream. A valid RPC carries subscriptions,
 * messages signed by the sender (on the node's topic among others) and control messages; one
 * mutation then breaks it.
 */
final class RpcMutator {
  enum Kind {
    /** 1 to 8 bits flipped in the body. */
    BIT_FLIPS,
    /** The body cut short, the prefix telling the truth about the cut body. */
    TRUNCATED,
    /** A top-level field (a subscription, a message, the control block) repeated 2 to 40 times. */
    DUPLICATED_FIELD,
    /** A field inside a message (from, data, seqno, topic, signature, key) repeated. */
    DUPLICATED_MESSAGE_FIELD,
    /** A run of 0xff written over the body: varints that never end, lengths far beyond the body. */
    VARINT_BOMB,
    /** A slice of the body copied into another place in it. */
    SPLICED,
    /** Random bytes of a random length. */
    RANDOM_BODY,
    /**
     * The body intact but a random length prefix: shorter, longer, beyond the RPC limit, or a
     * varint too long to be one. The stream is out of step afterwards.
     */
    LYING_LENGTH;
  }

  /** One mutated frame; after a {@link Kind#LYING_LENGTH} frame the stream is out of step. */
  record Frame(Kind kind, byte[] bytes) {
    boolean desyncs() {
      return kind == Kind.LYING_LENGTH;
    }
  }

  private final Random rng;
  private final Identity author;
  private final String topic;
  private final int maxRpcSize;
  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  /** Peers offered in PRUNE peer exchange; few, since deriving a key costs as much as a signature. */
  private final List<Rpc.PeerInfo> exchangePeers = new ArrayList<>();
  /**
   * Signed messages to send again: signing costs a quarter of a millisecond here, and a message
   * the node has seen takes its duplicate path, which is worth exercising too.
   */
  private final List<PubsubMessage> signed = new ArrayList<>();
  private long seqno = 1;

  RpcMutator(long seed, Identity author, String topic, int maxRpcSize) {
    this.rng = new Random(seed);
    this.author = author;
    this.topic = topic;
    this.maxRpcSize = maxRpcSize;
    for (int i = 0; i < 8; i++) {
      exchangePeers.add(Rpc.PeerInfo.of(Identity.fromSeed(randomBytes(32)).peerId()));
    }
  }

  Map<Kind, Integer> counts() {
    return Map.copyOf(counts);
  }

  Frame next() {
    Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
    counts.merge(kind, 1, Integer::sum);
    byte[] body = RpcCodec.encode(validRpc());
    return switch (kind) {
      case BIT_FLIPS -> framed(kind, flipBits(body));
      case TRUNCATED -> framed(kind, Arrays.copyOf(body, rng.nextInt(body.length)));
      case DUPLICATED_FIELD -> framed(kind, duplicateField(body));
      case DUPLICATED_MESSAGE_FIELD -> framed(kind, duplicateMessageField(body));
      case VARINT_BOMB -> framed(kind, varintBomb(body));
      case SPLICED -> framed(kind, splice(body));
      case RANDOM_BODY -> framed(kind, randomBytes(rng.nextInt(512)));
      case LYING_LENGTH -> new Frame(kind, NoiseChannel.concat(lyingPrefix(body.length), body));
    };
  }

  private static Frame framed(Kind kind, byte[] body) {
    return new Frame(kind, ProtoWriter.lengthPrefixed(body));
  }

  // ---- valid RPCs

  Rpc validRpc() {
    List<Rpc.SubOpts> subs = new ArrayList<>();
    for (int i = rng.nextInt(3); i > 0; i--) {
      subs.add(new Rpc.SubOpts(rng.nextBoolean(), someTopic()));
    }
    List<PubsubMessage> messages = new ArrayList<>();
    for (int i = rng.nextInt(3); i > 0; i--) {
      messages.add(signedMessage());
    }
    Optional<Rpc.Control> control = Optional.empty();
    if (rng.nextBoolean()) {
      List<Rpc.IHave> ihave = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        ihave.add(new Rpc.IHave(someTopic(), ids()));
      }
      List<Rpc.IWant> iwant = rng.nextBoolean() ? List.of(new Rpc.IWant(ids())) : List.of();
      List<Rpc.Graft> graft = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        graft.add(new Rpc.Graft(someTopic()));
      }
      List<Rpc.Prune> prune = new ArrayList<>();
      for (int i = rng.nextInt(2); i > 0; i--) {
        List<Rpc.PeerInfo> px = new ArrayList<>();
        for (int j = rng.nextInt(3); j > 0; j--) {
          px.add(exchangePeers.get(rng.nextInt(exchangePeers.size())));
        }
        prune.add(new Rpc.Prune(someTopic(), px, rng.nextBoolean() ? OptionalLong.of(rng.nextInt(120))
            : OptionalLong.empty()));
      }
      control = Optional.of(new Rpc.Control(ihave, iwant, graft, prune));
    }
    if (subs.isEmpty() && messages.isEmpty() && control.isEmpty()) {
      messages.add(signedMessage());
    }
    return new Rpc(subs, messages, control);
  }

  /** A new signed message a quarter of the time, else one sent before. */
  private PubsubMessage signedMessage() {
    if (signed.size() < 16 || rng.nextInt(4) == 0) {
      PubsubMessage m = MessageSigning.sign(author, someTopic(), randomBytes(rng.nextInt(300)), seqno++,
          rng.nextBoolean());
      if (signed.size() < 64) {
        signed.add(m);
      } else {
        signed.set(rng.nextInt(signed.size()), m);
      }
      return m;
    }
    return signed.get(rng.nextInt(signed.size()));
  }

  private String someTopic() {
    return switch (rng.nextInt(4)) {
      case 0, 1 -> topic;
      case 2 -> "/fedchain/other/1";
      default -> "t" + rng.nextInt(100);
    };
  }

  private List<MessageId> ids() {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 1 + rng.nextInt(4); i > 0; i--) {
      ids.add(MessageId.of(randomBytes(1 + rng.nextInt(40))));
    }
    return ids;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    rng.nextBytes(b);
    return b;
  }

  // ---- mutations

  private byte[] flipBits(byte[] body) {
    byte[] b = body.clone();
    for (int i = 1 + rng.nextInt(8); i > 0 && b.length > 0; i--) {
      b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
    }
    return b;
  }

  private byte[] duplicateField(byte[] body) {
    List<byte[]> fields = fields(body);
    byte[] field = fields.get(rng.nextInt(fields.size()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(body);
    for (int i = 1 + rng.nextInt(40); i > 0; i--) {
      out.writeBytes(field);
    }
    return out.toByteArray();
  }

  /** Repeats a field inside the first message (field 2); protobuf lets the last copy win. */
  private byte[] duplicateMessageField(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean done = false;
    for (byte[] f : fields(body)) {
      if (!done && (f[0] & 0xff) == ((2 << 3) | 2)) {
        int[] header = lengthHeader(f);
        byte[] message = Arrays.copyOfRange(f, header[0], f.length);
        List<byte[]> inner = fields(message);
        byte[] copy = inner.get(rng.nextInt(inner.size()));
        byte[] grown = NoiseChannel.concat(message, copy);
        out.writeBytes(new ProtoWriter().bytes(2, grown).toByteArray());
        done = true;
      } else {
        out.writeBytes(f);
      }
    }
    return done ? out.toByteArray() : duplicateField(body);
  }

  private byte[] varintBomb(byte[] body) {
    byte[] b = body.clone();
    if (b.length == 0) {
      return new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    }
    int at = rng.nextInt(b.length);
    for (int i = 0, n = 1 + rng.nextInt(11); i < n && at + i < b.length; i++) {
      b[at + i] = (byte) 0xff;
    }
    return b;
  }

  private byte[] splice(byte[] body) {
    if (body.length < 2) {
      return body;
    }
    int from = rng.nextInt(body.length);
    int len = 1 + rng.nextInt(body.length - from);
    int at = rng.nextInt(body.length + 1);
    return NoiseChannel.concat(Arrays.copyOf(body, at), Arrays.copyOfRange(body, from, from + len),
        Arrays.copyOfRange(body, at, body.length));
  }

  private byte[] lyingPrefix(int truth) {
    return switch (rng.nextInt(4)) {
      case 0 -> new ProtoWriter().rawVarint(rng.nextInt(Math.max(1, truth))).toByteArray();
      case 1 -> new ProtoWriter().rawVarint(truth + 1 + rng.nextInt(1 << 16)).toByteArray();
      case 2 -> new ProtoWriter().rawVarint(maxRpcSize + 1L + rng.nextInt(Integer.MAX_VALUE - maxRpcSize))
          .toByteArray();
      default -> new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
    };
  }

  /** The top-level fields of a valid encoding, each with its tag and length. */
  private static List<byte[]> fields(byte[] b) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < b.length) {
      int start = pos;
      long tag = 0;
      int shift = 0;
      while (true) {
        int v = b[pos++] & 0xff;
        tag |= (long) (v & 0x7f) << shift;
        shift += 7;
        if ((v & 0x80) == 0) {
          break;
        }
      }
      long value = 0;
      shift = 0;
      while (true) {
        int v = b[pos++] & 0xff;
        value |= (long) (v & 0x7f) << shift;
        shift += 7;
        if ((v & 0x80) == 0) {
          break;
        }
      }
      if ((tag & 7) == 2) {
        pos += (int) value;
      }
      out.add(Arrays.copyOfRange(b, start, pos));
    }
    return out;
  }

  /** The offset where a length-delimited field's payload starts. */
  private static int[] lengthHeader(byte[] field) {
    int pos = 0;
    while ((field[pos++] & 0x80) != 0) {
      // tag
    }
    while ((field[pos++] & 0x80) != 0) {
      // length
    }
    return new int[] {pos};
  }
}
