package io.fedchain.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A member's chain name is its libp2p peer id: the same text js-libp2p derives from the same key.
 * The vectors are the p2p module's, generated with js-libp2p (the chain module derives peer ids on
 * its own and must agree with them).
 */
class MemberIdTest {
  private static final Path VECTORS = Path.of("../p2p/src/test/resources/libp2p-vectors.json");

  private static JsonNode peerIds() throws IOException {
    assertTrue(Files.exists(VECTORS), "libp2p vectors not found at " + VECTORS.toAbsolutePath());
    return new ObjectMapper().readTree(VECTORS.toFile()).get("peerIds");
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed01", "seed02"})
  void peerIdOfASeedShouldEqualJsLibp2p(String name) throws IOException {
    JsonNode v = peerIds().get(name);
    ChainKey key = ChainKey.fromSeed(HexFormat.of().parseHex(v.get("ed25519SeedHex").asText()));
    assertEquals(v.get("publicKeyRawHex").asText(), HexFormat.of().formatHex(key.id().publicKey()));
    assertEquals(v.get("peerIdBase58").asText(), key.id().peerId());
    assertEquals(key.id(), MemberId.fromPeerId(v.get("peerIdBase58").asText()));
  }

  @Test
  void peerIdOfTheSpecVectorKeyShouldEqualTheSpec() throws IOException {
    JsonNode v = peerIds().get("specEd25519Vector");
    MemberId id = MemberId.ofPublicKey(HexFormat.of().parseHex(v.get("publicKeyRawHex").asText()));
    assertEquals(v.get("peerIdBase58").asText(), id.peerId());
    assertArrayEquals(id.publicKey(), MemberId.fromPeerId(id.peerId()).publicKey());
  }

  @Test
  void peerIdsShouldRoundTripForKeysWithLeadingZerosAndOnes() {
    byte[][] keys = {new byte[32], filled((byte) 0xff), filled((byte) 0x01)};
    for (byte[] k : keys) {
      MemberId id = MemberId.ofPublicKey(k);
      assertTrue(id.peerId().startsWith("12D3KooW"), id.peerId());
      assertEquals(id, MemberId.fromPeerId(id.peerId()));
    }
  }

  @Test
  void shouldRejectPeerIdsThatAreNotEd25519OrNotBase58() {
    // An RSA peer id (sha256 multihash, Qm...), text with a character outside base58, an empty string.
    IllegalArgumentException rsa = assertThrows(IllegalArgumentException.class,
        () -> MemberId.fromPeerId("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
    assertTrue(rsa.getMessage().contains("not the peer id of an Ed25519 key"), rsa.getMessage());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> MemberId.fromPeerId("12D3KooW0000"));
    assertTrue(zero.getMessage().contains("not base58: '0' at 8"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MemberId.fromPeerId(""));
    assertThrows(IllegalArgumentException.class, () -> MemberId.ofPublicKey(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> ChainKey.fromSeed(new byte[33]));
  }

  private static byte[] filled(byte b) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, b);
    return k;
  }
}
