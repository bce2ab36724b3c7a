package io.fedchain.p2p.noise;

import static io.fedchain.p2p.noise.NoiseVectors.SEED01;
import static io.fedchain.p2p.noise.NoiseVectors.SEED02;
import static io.fedchain.p2p.noise.NoiseVectors.key;
import static io.fedchain.p2p.noise.NoiseVectors.plaintext;
import static io.fedchain.p2p.noise.NoiseVectors.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoiseHandshakeTest {
  private static final PeerId SEED02_ID = PeerId.fromBase58(Vectors.text("peerIds", "seed02", "peerIdBase58"));

  static int[] seeds() {
    return IntStream.rangeClosed(1, 30).toArray();
  }

  /** Runs both handshakes to completion, passing messages as a connection would. */
  static void run(NoiseHandshake init, NoiseHandshake resp) {
    NoiseHandshake[] sides = {init, resp};
    int turn = 0;
    while (!init.isComplete() || !resp.isComplete()) {
      NoiseHandshake writer = sides[turn % 2];
      NoiseHandshake reader = sides[(turn + 1) % 2];
      assertTrue(writer.isMyTurn());
      assertFalse(reader.isMyTurn());
      reader.readMessage(writer.writeMessage());
      turn++;
    }
    assertEquals(3, turn);
  }

  @Test
  void payloadShouldBeSignedAndEncodedAsJsDoes() {
    byte[] signed = NoiseHandshake.signedData(v("initiator", "staticPubHex"));
    assertArrayEquals(v("signedDataInitiatorHex"), signed);
    byte[] sig = SEED01.sign(signed);
    assertArrayEquals(v("identitySigInitiatorHex"), sig);
    // js advertises its muxer; encoding that too proves the codec byte-exact (fedchain never sends it).
    NoiseExtensions yamux = new NoiseExtensions(List.of(), List.of("/yamux/1.0.0"));
    assertArrayEquals(v("payloadInitiatorHex"), new NoiseHandshakePayload(SEED01.publicKey(), sig, yamux).encode());

    NoiseHandshakePayload fromJs = NoiseHandshakePayload.decode(v("payloadResponderHex"));
    assertEquals(SEED02.publicKey(), fromJs.identityKey());
    assertEquals(yamux, fromJs.extensions());
    assertTrue(fromJs.identityKey().verify(NoiseHandshake.signedData(v("responder", "staticPubHex")), fromJs.identitySig()));
  }

  @Test
  void payloadCodecShouldRoundTripWithEveryExtension() {
    Random rng = new Random(4);
    for (int i = 0; i < 50; i++) {
      Identity id = NoiseVectors.randomIdentity(rng);
      List<byte[]> hashes = new ArrayList<>();
      List<String> muxers = new ArrayList<>();
      for (int n = rng.nextInt(3); n > 0; n--) {
        hashes.add(NoiseVectors.randomBytes(rng, rng.nextInt(40)));
      }
      for (int n = rng.nextInt(3); n > 0; n--) {
        muxers.add("/muxer/" + rng.nextInt(1000));
      }
      NoiseHandshakePayload p = new NoiseHandshakePayload(id.publicKey(),
          NoiseVectors.randomBytes(rng, 64), new NoiseExtensions(hashes, muxers));
      assertEquals(p, NoiseHandshakePayload.decode(p.encode()));
    }
  }

  @Test
  void libp2pInitiatorShouldAcceptJsResponderAndDeriveJsTransportKeys() {
    NoiseHandshake init = NoiseHandshake.withKeys(NoiseXX.Role.INITIATOR, SEED01, Optional.of(SEED02_ID),
        key("initiator", "static"), key("initiator", "ephemeral"));
    assertArrayEquals(v("msg1Hex"), init.writeMessage());
    init.readMessage(v("msg2Hex")); // js's payload carries stream_muxers: accepted and ignored
    byte[] msg3 = init.writeMessage();
    byte[] jsMsg3 = v("msg3Hex");
    // Same keys and transcript so far, so the sealed static key matches; our payload lacks js's
    // 16-byte extension (22 0e 12 0c "/yamux/1.0.0").
    assertEquals(jsMsg3.length - 16, msg3.length);
    assertArrayEquals(Arrays.copyOf(jsMsg3, 48), Arrays.copyOf(msg3, 48));

    SecureSession s = init.session();
    assertEquals(SEED02_ID, s.remotePeer());
    assertEquals(SEED01.peerId(), s.localPeer());
    assertEquals(SEED02.publicKey(), s.remoteKey());
    // Split depends on the chaining key alone, never on payloads: js's transport keys.
    assertArrayEquals(v("k1InitiatorToResponderHex"), s.sendCipher().key());
    assertArrayEquals(v("transport1_InitiatorToResponder_nonce0", "frameHex"),
        NoiseFrames.encryptFrames(s.sendCipher(), plaintext("transport1_InitiatorToResponder_nonce0")));
    List<byte[]> got = new FrameDecryptor(s.receiveCipher()).decrypt(v("transport2_ResponderToInitiator_nonce0", "frameHex"));
    assertArrayEquals(plaintext("transport2_ResponderToInitiator_nonce0"), got.get(0));
  }

  @Test
  void libp2pResponderShouldAnswerJsInitiatorWithoutExtensions() {
    NoiseHandshake resp = NoiseHandshake.withKeys(NoiseXX.Role.RESPONDER, SEED02, Optional.empty(),
        key("responder", "static"), key("responder", "ephemeral"));
    resp.readMessage(v("msg1Hex"));
    byte[] msg2 = resp.writeMessage();
    byte[] jsMsg2 = v("msg2Hex");
    assertEquals(jsMsg2.length - 16, msg2.length);
    assertArrayEquals(Arrays.copyOf(jsMsg2, 80), Arrays.copyOf(msg2, 80)); // e and the sealed static key
    NoiseXX jsSide = NoiseVectors.initiator();
    jsSide.writeMessage(new byte[0]);
    NoiseHandshakePayload sent = NoiseHandshakePayload.decode(jsSide.readMessage(msg2));
    assertEquals(NoiseExtensions.NONE, sent.extensions());
    assertEquals(SEED02.publicKey(), sent.identityKey());
    // js's message 3 answered js's message 2, another transcript: it must not authenticate.
    assertThrows(NoiseException.class, () -> resp.readMessage(v("msg3Hex")));
    assertFalse(resp.isComplete());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomPeersShouldAuthenticateEachOtherAndTalk(int seed) {
    Random rng = new Random(seed);
    Identity a = NoiseVectors.randomIdentity(rng);
    Identity b = NoiseVectors.randomIdentity(rng);
    Optional<PeerId> expected = seed % 2 == 0 ? Optional.of(b.peerId()) : Optional.empty();
    NoiseHandshake init = NoiseHandshake.withKeys(NoiseXX.Role.INITIATOR, a, expected,
        NoiseVectors.randomKey(rng), NoiseVectors.randomKey(rng));
    NoiseHandshake resp = NoiseHandshake.withKeys(NoiseXX.Role.RESPONDER, b, Optional.empty(),
        NoiseVectors.randomKey(rng), NoiseVectors.randomKey(rng));
    run(init, resp);
    SecureSession si = init.session();
    SecureSession sr = resp.session();
    assertEquals(a.peerId(), si.localPeer());
    assertEquals(b.peerId(), si.remotePeer());
    assertEquals(b.publicKey(), si.remoteKey());
    assertEquals(b.peerId(), sr.localPeer());
    assertEquals(a.peerId(), sr.remotePeer());
    assertEquals(a.publicKey(), sr.remoteKey());

    FrameDecryptor atResponder = new FrameDecryptor(sr.receiveCipher());
    FrameDecryptor atInitiator = new FrameDecryptor(si.receiveCipher());
    for (int size : new int[] {0, 1, 65519, 65520, 1 << 20, rng.nextInt(200_000)}) {
      byte[] up = NoiseVectors.randomBytes(rng, size);
      byte[] down = NoiseVectors.randomBytes(rng, size);
      assertArrayEquals(up, NoiseFramesTest.decryptInPieces(atResponder, NoiseFrames.encryptFrames(si.sendCipher(), up), rng));
      assertArrayEquals(down, NoiseFramesTest.decryptInPieces(atInitiator, NoiseFrames.encryptFrames(sr.sendCipher(), down), rng));
    }
  }

  @Test
  void freshHandshakesShouldUseFreshNoiseKeys() {
    NoiseHandshake init = NoiseHandshake.initiator(SEED01, Optional.empty());
    NoiseHandshake resp = NoiseHandshake.responder(SEED02);
    run(init, resp);
    assertEquals(SEED02.peerId(), init.session().remotePeer());
    assertEquals(SEED01.peerId(), resp.session().remotePeer());
    assertFalse(Arrays.equals(NoiseHandshake.initiator(SEED01, Optional.empty()).writeMessage(),
        NoiseHandshake.initiator(SEED01, Optional.empty()).writeMessage()));
  }

  @Test
  void aWrongExpectedPeerIdShouldFail() {
    Identity impostor = NoiseVectors.randomIdentity(new Random(6));
    NoiseHandshake init = NoiseHandshake.initiator(SEED01, Optional.of(SEED02.peerId()));
    NoiseHandshake resp = NoiseHandshake.responder(impostor);
    resp.readMessage(init.writeMessage());
    NoiseException e = assertThrows(NoiseException.class, () -> init.readMessage(resp.writeMessage()));
    assertTrue(e.getMessage().contains(SEED02.peerId().toBase58()) && e.getMessage().contains(impostor.peerId().toBase58()),
        e.getMessage());
    assertFalse(init.isComplete());
    assertFalse(init.isMyTurn());
    assertThrows(IllegalStateException.class, init::writeMessage);
    assertThrows(IllegalStateException.class, init::session);
  }

  /** A responder that speaks Noise correctly but sends the payload it is given. */
  private static NoiseException failingResponder(Function<byte[], byte[]> payloadForStaticKey) {
    NoiseHandshake init = NoiseHandshake.initiator(SEED01, Optional.empty());
    X25519KeyPair s = X25519KeyPair.generate();
    NoiseXX evil = NoiseXX.responder(s);
    evil.readMessage(init.writeMessage());
    byte[] msg2 = evil.writeMessage(payloadForStaticKey.apply(s.publicKey()));
    return assertThrows(NoiseException.class, () -> init.readMessage(msg2));
  }

  @Test
  void aPayloadSignedByAnotherKeyShouldFail() {
    NoiseException e = failingResponder(s -> new NoiseHandshakePayload(SEED02.publicKey(),
        SEED01.sign(NoiseHandshake.signedData(s)), NoiseExtensions.NONE).encode());
    assertTrue(e.getMessage().contains("identity_sig"), e.getMessage());
  }

  @Test
  void aPayloadReplayedFromAnotherSessionShouldFail() {
    // A valid signature by SEED02, but over a static key other than the one this session used.
    byte[] otherStatic = X25519KeyPair.generate().publicKey();
    NoiseException e = failingResponder(s -> new NoiseHandshakePayload(SEED02.publicKey(),
        SEED02.sign(NoiseHandshake.signedData(otherStatic)), NoiseExtensions.NONE).encode());
    assertTrue(e.getMessage().contains("identity_sig"), e.getMessage());
  }

  @Test
  void aNonEd25519IdentityKeyShouldFail() {
    byte[] rsaLike = new ProtoWriter().varint(1, 0).bytes(2, new byte[32]).toByteArray();
    NoiseException e = failingResponder(s -> new ProtoWriter().bytes(1, rsaLike).bytes(2, new byte[64]).toByteArray());
    assertTrue(e.getMessage().contains("unsupported public key type 0"), e.getMessage());
  }

  @Test
  void aMalformedOrIncompletePayloadShouldFail() {
    assertTrue(failingResponder(s -> new byte[] {0x0a, 0x7f, 1}).getMessage().contains("payload is invalid"));
    assertTrue(failingResponder(s -> new byte[0]).getMessage().contains("without identity_key"));
    assertTrue(failingResponder(s -> new ProtoWriter().bytes(1, SEED02.publicKey().toProtobuf()).toByteArray())
        .getMessage().contains("without identity_sig"));
  }

  @Test
  void aBadInitiatorPayloadShouldFailAtTheResponder() {
    NoiseHandshake resp = NoiseHandshake.responder(SEED02);
    X25519KeyPair s = X25519KeyPair.generate();
    NoiseXX evil = NoiseXX.initiator(s);
    resp.readMessage(evil.writeMessage(new byte[0]));
    evil.readMessage(resp.writeMessage());
    byte[] forged = new NoiseHandshakePayload(SEED01.publicKey(), new byte[64], NoiseExtensions.NONE).encode();
    NoiseException e = assertThrows(NoiseException.class, () -> resp.readMessage(evil.writeMessage(forged)));
    assertTrue(e.getMessage().startsWith("the initiator claims to be " + SEED01.peerId()), e.getMessage());
    assertFalse(resp.isComplete());
  }

  @Test
  void randomBitFlipsShouldFailAtTheLibp2pLayerToo() {
    Random rng = new Random(13);
    for (int i = 0; i < 40; i++) {
      NoiseHandshake init = NoiseHandshake.initiator(SEED01, Optional.empty());
      NoiseHandshake resp = NoiseHandshake.responder(SEED02);
      resp.readMessage(init.writeMessage());
      byte[] msg2 = resp.writeMessage();
      if (i % 2 == 0) {
        msg2[rng.nextInt(msg2.length)] ^= (byte) (1 << rng.nextInt(8));
        assertThrows(NoiseException.class, () -> init.readMessage(msg2));
      } else {
        init.readMessage(msg2);
        byte[] msg3 = init.writeMessage();
        msg3[rng.nextInt(msg3.length)] ^= (byte) (1 << rng.nextInt(8));
        assertThrows(NoiseException.class, () -> resp.readMessage(msg3));
      }
    }
  }

  @Test
  void theSessionShouldBeHandedOutOnce() {
    NoiseHandshake init = NoiseHandshake.initiator(SEED01, Optional.empty());
    NoiseHandshake resp = NoiseHandshake.responder(SEED02);
    assertThrows(IllegalStateException.class, init::session);
    run(init, resp);
    init.session();
    assertThrows(IllegalStateException.class, init::session);
  }
}
