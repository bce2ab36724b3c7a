package io.fedchain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

class SymmetricStateTest {

  /** Noise's HKDF is RFC 5869 with salt = ck and empty info; Bouncy Castle's serves as reference. */
  private static byte[] rfc5869(byte[] salt, byte[] ikm) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, new byte[0]));
    byte[] out = new byte[64];
    g.generateBytes(out, 0, 64);
    return out;
  }

  @Test
  void aShortNameShouldBeTheInitialHashZeroPadded() {
    SymmetricState ss = new SymmetricState("Noise_NN_25519_AESGCM_SHA256");
    byte[] expected = Arrays.copyOf("Noise_NN_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32);
    assertArrayEquals(expected, ss.handshakeHash());
    assertArrayEquals(expected, ss.chainingKey());
    SymmetricState xx = new SymmetricState(NoiseXX.PROTOCOL_NAME);
    assertArrayEquals(NoiseXX.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII), xx.handshakeHash());
  }

  @Test
  void aLongNameShouldBeHashed() throws Exception {
    String name = "Noise_XXfallback_25519_ChaChaPoly_SHA256";
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(expected, new SymmetricState(name).handshakeHash());
  }

  @Test
  void mixKeyAndSplitShouldFollowRfc5869() {
    Random rng = new Random(11);
    for (int i = 0; i < 20; i++) {
      SymmetricState ss = new SymmetricState(NoiseXX.PROTOCOL_NAME);
      byte[] ck0 = ss.chainingKey();
      byte[] ikm = NoiseVectors.randomBytes(rng, 32);
      ss.mixKey(ikm);
      byte[] out = rfc5869(ck0, ikm);
      assertArrayEquals(Arrays.copyOf(out, 32), ss.chainingKey());
      byte[] split = rfc5869(ss.chainingKey(), new byte[0]);
      CipherState[] pair = ss.split();
      assertArrayEquals(Arrays.copyOf(split, 32), pair[0].key());
      assertArrayEquals(Arrays.copyOfRange(split, 32, 64), pair[1].key());
    }
  }

  @Test
  void encryptAndHashShouldBindTheTranscript() {
    SymmetricState a = new SymmetricState(NoiseXX.PROTOCOL_NAME);
    SymmetricState b = new SymmetricState(NoiseXX.PROTOCOL_NAME);
    a.mixKey(new byte[32]);
    b.mixKey(new byte[32]);
    byte[] plain = "before a key it is plaintext".getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = a.encryptAndHash(plain);
    assertArrayEquals(plain, b.decryptAndHash(sealed));
    assertArrayEquals(a.handshakeHash(), b.handshakeHash());
    b.mixHash(new byte[] {1}); // transcripts diverge: the next message must not open
    byte[] next = a.encryptAndHash(plain);
    assertThrows(NoiseException.class, () -> b.decryptAndHash(next));
  }
}
