package io.fedchain.p2p.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import io.fedchain.p2p.proto.ProtoException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"seed01", "seed02"})
  void shouldDerivePeerIdsAsJsLibp2pDoes(String name) {
    Identity id = Identity.fromSeed(Vectors.hex("peerIds", name, "ed25519SeedHex"));
    assertArrayEquals(Vectors.hex("peerIds", name, "publicKeyRawHex"), id.publicKey().raw());
    assertArrayEquals(Vectors.hex("peerIds", name, "publicKeyProtobufHex"), id.publicKey().toProtobuf());
    assertArrayEquals(Vectors.hex("peerIds", name, "peerIdMultihashHex"), id.peerId().toBytes());
    assertEquals(Vectors.text("peerIds", name, "peerIdBase58"), id.peerId().toBase58());
  }

  @Test
  void shouldMatchTheSpecVector() {
    // The spec's private key protobuf holds seed || public key as its 64-byte Data.
    byte[] priv = Vectors.hex("peerIds", "specEd25519Vector", "privateKeyProtobufHex");
    byte[] seed = Arrays.copyOfRange(priv, 4, 36);
    Identity id = Identity.fromSeed(seed);
    assertEquals(Vectors.text("peerIds", "specEd25519Vector", "peerIdBase58"), id.peerId().toBase58());
    assertTrue(id.peerId().toBase58().startsWith("12D3KooW"));
  }

  @Test
  void shouldParseItsOwnTextAndRecoverTheKey() {
    Identity id = Identity.fromSeed(Vectors.hex("peerIds", "seed02", "ed25519SeedHex"));
    PeerId parsed = PeerId.fromBase58(id.peerId().toBase58());
    assertEquals(id.peerId(), parsed);
    assertEquals(id.publicKey(), parsed.publicKey().orElseThrow());
  }

  @RepeatedTest(20)
  void signaturesShouldVerifyOnlyForTheirMessage() {
    Identity id = Identity.random();
    byte[] msg = new byte[new Random().nextInt(200)];
    new Random().nextBytes(msg);
    byte[] sig = id.sign(msg);
    assertTrue(id.publicKey().verify(msg, sig));
    byte[] other = Arrays.copyOf(msg, msg.length + 1);
    assertFalse(id.publicKey().verify(other, sig));
    sig[5] ^= 1;
    assertFalse(id.publicKey().verify(msg, sig));
    assertFalse(id.publicKey().verify(msg, new byte[3]));
  }

  @Test
  void shouldRejectMalformedIds() {
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromBase58("12D3KooW0OIl"));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(new byte[] {0x00, 5, 1, 2}));
    assertThrows(IllegalArgumentException.class, () -> PeerId.fromBytes(new byte[] {0x11, 1, 1}));
    assertThrows(ProtoException.class, () -> PublicKey.fromProtobuf(new byte[] {0x08, 0x02, 0x12, 0x01, 0x00}));
    assertThrows(ProtoException.class, () -> PublicKey.fromProtobuf(new byte[] {0x08, 0x01, 0x12, 0x05, 0x00}));
  }

  @Test
  void base58ShouldRoundTripWithLeadingZeros() {
    Random rng = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[rng.nextInt(40)];
      rng.nextBytes(b);
      if (b.length > 2 && i % 3 == 0) {
        b[0] = 0;
        b[1] = 0;
      }
      assertArrayEquals(b, Base58.decode(Base58.encode(b)));
    }
  }
}
