package io.fedchain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcCodecTest {
  private static final RpcLimits LIMITS = GossipConfig.defaults().rpcLimits();

  private static byte[] vector(String name) {
    return Vectors.hex("gossipsub", name);
  }

  @Test
  void shouldEncodeControlAndSubscriptionRpcsAsJsDoes() {
    assertArrayEquals(vector("rpcSubscribeHex"),
        RpcCodec.encode(Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(true, "interop")))));
    assertArrayEquals(vector("rpcGraftHex"),
        RpcCodec.encode(Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft("interop")), List.of()))));
    assertArrayEquals(vector("rpcPruneBackoff60Hex"), RpcCodec.encode(Rpc.ofControl(new Rpc.Control(List.of(), List.of(),
        List.of(), List.of(new Rpc.Prune("interop", List.of(), OptionalLong.of(60)))))));
  }

  @Test
  void shouldDecodeJsControlAndSubscriptionRpcs() {
    Rpc sub = RpcCodec.decode(vector("rpcSubscribeHex"), LIMITS);
    assertEquals(List.of(new Rpc.SubOpts(true, "interop")), sub.subscriptions());
    Rpc prune = RpcCodec.decode(vector("rpcPruneBackoff60Hex"), LIMITS);
    Rpc.Prune p = prune.control().orElseThrow().prune().get(0);
    assertEquals("interop", p.topic());
    assertEquals(OptionalLong.of(60), p.backoffSeconds());
    assertEquals("interop", RpcCodec.decode(vector("rpcGraftHex"), LIMITS).control().orElseThrow().graft().get(0).topic());
  }

  @Test
  void shouldSignTheVectorMessageByteForByte() {
    Identity seed01 = Identity.fromSeed(Vectors.hex("peerIds", "seed01", "ed25519SeedHex"));
    byte[] data = Vectors.text("gossipsub", "dataUtf8").getBytes(StandardCharsets.UTF_8);
    PubsubMessage m = MessageSigning.sign(seed01, Vectors.text("gossipsub", "topic"), data, 1, true);

    assertArrayEquals(vector("seqnoHex"), m.seqno().orElseThrow());
    assertArrayEquals(vector("signingInputHex"), MessageSigning.signingInput(m));
    assertArrayEquals(vector("messageWithoutSignatureAndKeyHex"),
        RpcCodec.encodeMessage(PubsubMessage.of(m.from(), m.data(), m.seqno(), m.topic(), Optional.empty(), Optional.empty())));
    assertArrayEquals(vector("signatureHex"), m.signature().orElseThrow());
    assertArrayEquals(vector("signedMessageHex"), RpcCodec.encodeMessage(m));
    byte[] rpc = RpcCodec.encode(Rpc.ofMessage(m));
    assertArrayEquals(vector("rpcWithMessageHex"), rpc);
    assertArrayEquals(vector("rpcWithMessageVarintFramedHex"), ProtoWriter.lengthPrefixed(rpc));
  }

  @Test
  void shouldAcceptTheJsSignedMessageWithAndWithoutKey() {
    PubsubMessage m = RpcCodec.decode(vector("rpcWithMessageHex"), LIMITS).messages().get(0);
    assertEquals(Optional.empty(), MessageSigning.check(m, SignaturePolicy.STRICT_SIGN));
    PubsubMessage keyless = m.withSignature(m.signature().orElseThrow(), Optional.empty());
    assertEquals(Optional.empty(), MessageSigning.check(keyless, SignaturePolicy.STRICT_SIGN));
    assertEquals(Vectors.text("peerIds", "seed01", "peerIdBase58"),
        MessageSigning.author(m).orElseThrow().toBase58());
  }

  @Test
  void shouldComputeTheSpecAndJsMessageIds() {
    PubsubMessage m = RpcCodec.decode(vector("rpcWithMessageHex"), LIMITS).messages().get(0);
    assertArrayEquals(vector("msgIdSpecFromPlusSeqnoHex"), MessageIdFunction.FROM_AND_SEQNO.apply(m).toBytes());
    assertArrayEquals(vector("msgIdJsDefaultHex"), MessageIdFunction.PUBLIC_KEY_AND_SEQNO.apply(m).toBytes());
    PubsubMessage keyless = m.withSignature(m.signature().orElseThrow(), Optional.empty());
    assertArrayEquals(vector("msgIdJsDefaultHex"), MessageIdFunction.PUBLIC_KEY_AND_SEQNO.apply(keyless).toBytes());
    assertArrayEquals(vector("msgIdJsStrictNoSignHex_sha256_of_data"),
        MessageIdFunction.SHA256_OF_DATA.apply(PubsubMessage.unsigned("interop", "hello".getBytes(StandardCharsets.UTF_8)))
            .toBytes());
    assertEquals(MessageIdFunction.FROM_AND_SEQNO, GossipConfig.defaults().messageIdFunction());
    assertEquals(MessageIdFunction.SHA256_OF_DATA,
        GossipConfig.defaults().toBuilder().signaturePolicy(SignaturePolicy.STRICT_NO_SIGN).build().messageIdFunction());
  }

  @Test
  void shouldRejectMessagesThatBreakStrictSign() {
    PubsubMessage m = RpcCodec.decode(vector("rpcWithMessageHex"), LIMITS).messages().get(0);
    Identity other = Identity.fromSeed(Vectors.hex("peerIds", "seed02", "ed25519SeedHex"));
    byte[] sig = m.signature().orElseThrow();

    PubsubMessage tampered = PubsubMessage.of(m.from(), Optional.of("hellO".getBytes(StandardCharsets.UTF_8)), m.seqno(),
        m.topic(), m.signature(), m.key());
    assertEquals(Optional.of("invalid signature"), MessageSigning.check(tampered, SignaturePolicy.STRICT_SIGN));
    PubsubMessage otherTopic = PubsubMessage.of(m.from(), m.data(), m.seqno(), Optional.of("interop2"), m.signature(),
        m.key());
    assertEquals(Optional.of("invalid signature"), MessageSigning.check(otherTopic, SignaturePolicy.STRICT_SIGN));
    PubsubMessage wrongKey = m.withSignature(sig, Optional.of(other.publicKey().toProtobuf()));
    assertEquals(Optional.of("key does not match from"), MessageSigning.check(wrongKey, SignaturePolicy.STRICT_SIGN));
    PubsubMessage shortSeqno = PubsubMessage.of(m.from(), m.data(), Optional.of(new byte[7]), m.topic(), m.signature(),
        m.key());
    assertTrue(MessageSigning.check(shortSeqno, SignaturePolicy.STRICT_SIGN).orElseThrow().startsWith("seqno"));
    PubsubMessage unsigned = PubsubMessage.of(m.from(), m.data(), m.seqno(), m.topic(), Optional.empty(), m.key());
    assertEquals(Optional.of("missing signature"), MessageSigning.check(unsigned, SignaturePolicy.STRICT_SIGN));
    PubsubMessage anonymous = PubsubMessage.of(Optional.empty(), m.data(), m.seqno(), m.topic(), m.signature(),
        Optional.empty());
    assertEquals(Optional.of("missing from"), MessageSigning.check(anonymous, SignaturePolicy.STRICT_SIGN));
    PubsubMessage badFrom = PubsubMessage.of(Optional.of(new byte[] {1, 2, 3}), m.data(), m.seqno(), m.topic(),
        m.signature(), Optional.empty());
    assertTrue(MessageSigning.check(badFrom, SignaturePolicy.STRICT_SIGN).orElseThrow().startsWith("from is not"));
    PubsubMessage forged = PubsubMessage.of(Optional.of(other.peerId().toBytes()), m.data(), m.seqno(), m.topic(),
        m.signature(), Optional.empty());
    assertEquals(Optional.of("invalid signature"), MessageSigning.check(forged, SignaturePolicy.STRICT_SIGN));
  }

  @Test
  void strictNoSignShouldAcceptOnlyMessagesWithoutAuthorFields() {
    PubsubMessage signed = RpcCodec.decode(vector("rpcWithMessageHex"), LIMITS).messages().get(0);
    PubsubMessage plain = PubsubMessage.unsigned("interop", new byte[] {1});
    assertEquals(Optional.empty(), MessageSigning.check(plain, SignaturePolicy.STRICT_NO_SIGN));
    assertTrue(MessageSigning.check(signed, SignaturePolicy.STRICT_NO_SIGN).isPresent());
    assertTrue(MessageSigning.check(plain, SignaturePolicy.STRICT_SIGN).isPresent());
    for (int field = 0; field < 4; field++) {
      Optional<byte[]> one = Optional.of(new byte[8]);
      PubsubMessage m = PubsubMessage.of(field == 0 ? one : Optional.empty(), plain.data(),
          field == 1 ? one : Optional.empty(), plain.topic(), field == 2 ? one : Optional.empty(),
          field == 3 ? one : Optional.empty());
      assertTrue(MessageSigning.check(m, SignaturePolicy.STRICT_NO_SIGN).isPresent(), "field " + field);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomRpcsShouldRoundTrip(long seed) {
    Random rng = new Random(seed);
    for (int i = 0; i < 50; i++) {
      Rpc rpc = randomRpc(rng);
      byte[] bytes = RpcCodec.encode(rpc);
      Rpc decoded = RpcCodec.decode(bytes, LIMITS);
      assertEquals(rpc, decoded);
      assertArrayEquals(bytes, RpcCodec.encode(decoded));
    }
  }

  @Test
  void shouldSkipUnknownFieldsAsProtobufRequires() {
    byte[] known = vector("rpcSubscribeHex");
    // field 9 (varint 7) and field 10 (bytes "xy") appended, as a future extension would be
    byte[] extended = new ProtoWriter().rawBytes(known).varint(9, 7).bytes(10, new byte[] {'x', 'y'}).toByteArray();
    assertEquals(RpcCodec.decode(known, LIMITS), RpcCodec.decode(extended, LIMITS));
  }

  @Test
  void shouldEnforceTheDecodeLimits() {
    RpcLimits small = new RpcLimits(2048, 2, 2, 3, 2, 1, 8, 16);
    List<Rpc.SubOpts> subs = List.of(new Rpc.SubOpts(true, "a"), new Rpc.SubOpts(true, "b"), new Rpc.SubOpts(true, "c"));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofSubscriptions(subs)), small));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(
        RpcCodec.encode(Rpc.ofSubscriptions(List.of(new Rpc.SubOpts(true, "ninechars")))), small));
    PubsubMessage m = PubsubMessage.unsigned("t", new byte[1]);
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(new Rpc(List.of(), List.of(m, m, m),
        Optional.empty())), small));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofMessage(
        PubsubMessage.unsigned("t", new byte[3000]))), small));
    List<MessageId> fourIds = List.of(id(1), id(2), id(3), id(4));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofControl(
        new Rpc.Control(List.of(new Rpc.IHave("t", fourIds.subList(0, 2))), List.of(new Rpc.IWant(fourIds.subList(2, 4))),
            List.of(), List.of()))), small));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofControl(
        new Rpc.Control(List.of(), List.of(new Rpc.IWant(List.of(MessageId.of(new byte[17])))), List.of(), List.of()))),
        small));
    List<Rpc.Graft> grafts = List.of(new Rpc.Graft("a"), new Rpc.Graft("b"), new Rpc.Graft("c"));
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofControl(
        new Rpc.Control(List.of(), List.of(), grafts, List.of()))), small));
    Rpc.PeerInfo px = new Rpc.PeerInfo(Optional.of(new byte[] {1}), Optional.empty());
    assertThrows(ProtoException.class, () -> RpcCodec.decode(RpcCodec.encode(Rpc.ofControl(new Rpc.Control(List.of(),
        List.of(), List.of(), List.of(new Rpc.Prune("t", List.of(px, px), OptionalLong.empty()))))), small));
  }

  @Test
  void shouldRejectMalformedBytes() {
    byte[] rpc = vector("rpcWithMessageHex");
    for (int cut = 1; cut < rpc.length; cut++) {
      byte[] truncated = Arrays.copyOf(rpc, cut);
      assertThrows(ProtoException.class, () -> RpcCodec.decode(truncated, LIMITS), "cut at " + cut);
    }
    // field 1 (subscriptions) sent as a varint
    assertThrows(ProtoException.class, () -> RpcCodec.decode(new byte[] {0x08, 0x01}, LIMITS));
    // a subscription without a topic
    assertThrows(ProtoException.class, () -> RpcCodec.decode(new byte[] {0x0a, 0x02, 0x08, 0x01}, LIMITS));
    // a topic that is not UTF-8
    assertThrows(ProtoException.class, () -> RpcCodec.decode(new byte[] {0x0a, 0x03, 0x12, 0x01, (byte) 0xff}, LIMITS));
  }

  private static MessageId id(int i) {
    return MessageId.of(new byte[] {(byte) i});
  }

  static Rpc randomRpc(Random rng) {
    List<Rpc.SubOpts> subs = new ArrayList<>();
    for (int i = rng.nextInt(4); i > 0; i--) {
      subs.add(new Rpc.SubOpts(rng.nextBoolean(), randomTopic(rng)));
    }
    List<PubsubMessage> messages = new ArrayList<>();
    for (int i = rng.nextInt(3); i > 0; i--) {
      messages.add(PubsubMessage.of(maybeBytes(rng, 38), maybeBytes(rng, rng.nextInt(300)), maybeBytes(rng, 8),
          rng.nextInt(5) == 0 ? Optional.empty() : Optional.of(randomTopic(rng)), maybeBytes(rng, 64),
          maybeBytes(rng, 36)));
    }
    Optional<Rpc.Control> control = Optional.empty();
    if (rng.nextBoolean()) {
      List<Rpc.IHave> ihave = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        ihave.add(new Rpc.IHave(randomTopic(rng), randomIds(rng)));
      }
      List<Rpc.IWant> iwant = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        iwant.add(new Rpc.IWant(randomIds(rng)));
      }
      List<Rpc.Graft> graft = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        graft.add(new Rpc.Graft(randomTopic(rng)));
      }
      List<Rpc.Prune> prune = new ArrayList<>();
      for (int i = rng.nextInt(3); i > 0; i--) {
        List<Rpc.PeerInfo> px = new ArrayList<>();
        for (int j = rng.nextInt(3); j > 0; j--) {
          px.add(new Rpc.PeerInfo(maybeBytes(rng, 38), maybeBytes(rng, rng.nextInt(100))));
        }
        OptionalLong backoff = rng.nextBoolean() ? OptionalLong.of(rng.nextBoolean() ? rng.nextInt(120) : rng.nextLong())
            : OptionalLong.empty();
        prune.add(new Rpc.Prune(randomTopic(rng), px, backoff));
      }
      control = Optional.of(new Rpc.Control(ihave, iwant, graft, prune));
    }
    return new Rpc(subs, messages, control);
  }

  private static List<MessageId> randomIds(Random rng) {
    List<MessageId> ids = new ArrayList<>();
    for (int i = rng.nextInt(5); i > 0; i--) {
      byte[] b = new byte[1 + rng.nextInt(46)];
      rng.nextBytes(b);
      ids.add(MessageId.of(b));
    }
    return ids;
  }

  private static String randomTopic(Random rng) {
    String[] parts = {"interop", "/fedchain/1/updates", "votes", "ünïcödé", "p"};
    return parts[rng.nextInt(parts.length)] + rng.nextInt(1000);
  }

  private static Optional<byte[]> maybeBytes(Random rng, int length) {
    if (rng.nextInt(4) == 0) {
      return Optional.empty();
    }
    byte[] b = new byte[length];
    rng.nextBytes(b);
    return Optional.of(b);
  }
}
