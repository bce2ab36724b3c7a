package io.fedchain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fedchain.p2p.Vectors;
import io.fedchain.p2p.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The "noise" section of libp2p-vectors.json, and seeded keys for property-style tests. */
final class NoiseVectors {
  static final Identity SEED01 = Identity.fromSeed(Vectors.hex("peerIds", "seed01", "ed25519SeedHex"));
  static final Identity SEED02 = Identity.fromSeed(Vectors.hex("peerIds", "seed02", "ed25519SeedHex"));

  private NoiseVectors() {}

  static byte[] v(String... path) {
    String[] full = new String[path.length + 1];
    full[0] = "noise";
    System.arraycopy(path, 0, full, 1, path.length);
    return Vectors.hex(full);
  }

  /** A key pair of the vector ("initiator"/"responder", "static"/"ephemeral"), checked against its public key. */
  static X25519KeyPair key(String side, String which) {
    X25519KeyPair k = X25519KeyPair.fromPrivateKey(v(side, which + "PrivHex"));
    assertArrayEquals(v(side, which + "PubHex"), k.publicKey(), side + " " + which + " public key");
    return k;
  }

  static NoiseXX initiator() {
    return NoiseXX.withEphemeral(NoiseXX.Role.INITIATOR, key("initiator", "static"), key("initiator", "ephemeral"));
  }

  static NoiseXX responder() {
    return NoiseXX.withEphemeral(NoiseXX.Role.RESPONDER, key("responder", "static"), key("responder", "ephemeral"));
  }

  static byte[] plaintext(String transport) {
    return Vectors.text("noise", transport, "plaintext").getBytes(StandardCharsets.UTF_8);
  }

  static X25519KeyPair randomKey(Random rng) {
    byte[] k = new byte[32];
    rng.nextBytes(k);
    return X25519KeyPair.fromPrivateKey(k);
  }

  static Identity randomIdentity(Random rng) {
    byte[] seed = new byte[32];
    rng.nextBytes(seed);
    return Identity.fromSeed(seed);
  }

  static byte[] randomBytes(Random rng, int n) {
    byte[] b = new byte[n];
    rng.nextBytes(b);
    return b;
  }
}
