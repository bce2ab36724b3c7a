package io.fedchain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CipherStateTest {

  /** Bouncy Castle's engine with the nonce written out by hand, as an independent reference. */
  private static byte[] reference(byte[] key, long counter, byte[] ad, byte[] plaintext) throws Exception {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (counter >>> (8 * i));
    }
    ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    aead.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
    byte[] out = new byte[plaintext.length + 16];
    int n = aead.processBytes(plaintext, 0, plaintext.length, out, 0);
    aead.doFinal(out, n);
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {0L, 1L, 255L, 256L, 1L << 32, 0x0102030405060708L, -2L})
  void nonceShouldBeFourZeroBytesThenLittleEndianCounter(long counter) throws Exception {
    Random rng = new Random(counter);
    byte[] key = NoiseVectors.randomBytes(rng, 32);
    byte[] ad = NoiseVectors.randomBytes(rng, 32);
    byte[] pt = NoiseVectors.randomBytes(rng, 100);
    CipherState cs = CipherState.withKey(key);
    cs.setNonce(counter);
    assertArrayEquals(reference(key, counter, ad, pt), cs.encryptWithAd(ad, pt));
    assertEquals(counter + 1, cs.nonce());
  }

  @Test
  void shouldRoundTripAndAdvanceBothCounters() {
    Random rng = new Random(3);
    byte[] key = NoiseVectors.randomBytes(rng, 32);
    CipherState send = CipherState.withKey(key);
    CipherState receive = CipherState.withKey(key);
    for (int i = 0; i < 50; i++) {
      byte[] ad = NoiseVectors.randomBytes(rng, rng.nextInt(40));
      byte[] pt = NoiseVectors.randomBytes(rng, rng.nextInt(3000));
      byte[] ct = send.encryptWithAd(ad, pt);
      assertEquals(pt.length + 16, ct.length);
      assertArrayEquals(pt, receive.decryptWithAd(ad, ct));
    }
    assertEquals(50, send.nonce());
    assertEquals(50, receive.nonce());
  }

  @Test
  void failedDecryptionShouldKeepTheCounterSoTheRealMessageStillOpens() {
    byte[] key = new byte[32];
    CipherState send = CipherState.withKey(key);
    CipherState receive = CipherState.withKey(key);
    byte[] ct = send.encryptWithAd(new byte[0], "payload".getBytes());
    byte[] forged = ct.clone();
    forged[0] ^= 1;
    assertThrows(NoiseException.class, () -> receive.decryptWithAd(new byte[0], forged));
    assertThrows(NoiseException.class, () -> receive.decryptWithAd(new byte[] {1}, ct));
    assertEquals(0, receive.nonce());
    assertArrayEquals("payload".getBytes(), receive.decryptWithAd(new byte[0], ct));
  }

  @Test
  void aReplayedMessageShouldNotOpenUnderTheNextNonce() {
    CipherState send = CipherState.withKey(new byte[32]);
    CipherState receive = CipherState.withKey(new byte[32]);
    byte[] ct = send.encryptWithAd(new byte[0], new byte[10]);
    receive.decryptWithAd(new byte[0], ct);
    assertThrows(NoiseException.class, () -> receive.decryptWithAd(new byte[0], ct));
  }

  @Test
  void shouldRefuseTheReservedLastNonce() {
    CipherState send = CipherState.withKey(new byte[32]);
    CipherState receive = CipherState.withKey(new byte[32]);
    send.setNonce(-2L); // 2^64-2: the last usable value
    receive.setNonce(-2L);
    byte[] ct = send.encryptWithAd(new byte[0], new byte[5]);
    assertArrayEquals(new byte[5], receive.decryptWithAd(new byte[0], ct));
    NoiseException e = assertThrows(NoiseException.class, () -> send.encryptWithAd(new byte[0], new byte[5]));
    assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
    assertThrows(NoiseException.class, () -> receive.decryptWithAd(new byte[0], ct));
  }

  @Test
  void withoutAKeyEncryptionShouldBeTheIdentity() {
    CipherState empty = CipherState.empty();
    assertFalse(empty.hasKey());
    byte[] data = {1, 2, 3};
    assertArrayEquals(data, empty.encryptWithAd(new byte[] {9}, data));
    assertArrayEquals(data, empty.decryptWithAd(new byte[] {9}, data));
  }

  @Test
  void shouldRejectCiphertextShorterThanTheTag() {
    CipherState cs = CipherState.withKey(new byte[32]);
    assertThrows(NoiseException.class, () -> cs.decryptWithAd(new byte[0], new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> CipherState.withKey(new byte[31]));
  }
}
