package io.fedchain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseFramesTest {
  private static final int MIB = 1 << 20;

  private static CipherState[] pair(Random rng) {
    byte[] key = NoiseVectors.randomBytes(rng, 32);
    return new CipherState[] {CipherState.withKey(key), CipherState.withKey(key)};
  }

  /** Feeds {@code wire} to a decryptor in random pieces (1 byte up to 100 KB) and joins the plaintexts. */
  static byte[] decryptInPieces(FrameDecryptor d, byte[] wire, Random rng) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < wire.length) {
      int n = Math.min(wire.length - pos, rng.nextBoolean() ? 1 + rng.nextInt(8) : 1 + rng.nextInt(100_000));
      for (byte[] p : d.decrypt(ByteBuffer.wrap(wire, pos, n))) {
        out.writeBytes(p);
      }
      pos += n;
    }
    assertEquals(0, d.buffered());
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 15, 16, 17, 65518, 65519, 65520, 2 * 65519, 2 * 65519 + 1, MIB})
  void shouldRoundTripAcrossFrameBoundaries(int size) {
    Random rng = new Random(size);
    CipherState[] c = pair(rng);
    byte[] plain = NoiseVectors.randomBytes(rng, size);
    byte[] wire = NoiseFrames.encryptFrames(c[0], plain);
    int frames = (size + 65518) / 65519;
    assertEquals(size + frames * 18, wire.length);
    assertEquals(NoiseFrames.encryptedLength(size), wire.length);
    assertEquals(frames, c[0].nonce());
    assertArrayEquals(plain, decryptInPieces(new FrameDecryptor(c[1]), wire, rng));
    assertEquals(frames, c[1].nonce());
  }

  @Test
  void framesShouldNeverExceedTheNoiseLimit() {
    Random rng = new Random(5);
    CipherState[] c = pair(rng);
    byte[] wire = NoiseFrames.encryptFrames(c[0], NoiseVectors.randomBytes(rng, 65520));
    assertEquals(65535, (wire[0] & 0xff) << 8 | (wire[1] & 0xff));
    int second = 2 + 65535;
    assertEquals(17, (wire[second] & 0xff) << 8 | (wire[second + 1] & 0xff));
    assertEquals(second + 2 + 17, wire.length);
  }

  @Test
  void randomSizesShouldRoundTripThroughHeapAndDirectBuffers() {
    Random rng = new Random(21);
    CipherState[] c = pair(rng);
    FrameDecryptor d = new FrameDecryptor(c[1]);
    for (int i = 0; i < 60; i++) {
      int size = rng.nextInt(4) == 0 ? rng.nextInt(300_000) : rng.nextInt(2000);
      byte[] plain = NoiseVectors.randomBytes(rng, size);
      byte[] wire;
      if (i % 2 == 0) {
        wire = NoiseFrames.encryptFrames(c[0], plain);
      } else {
        ByteBuffer direct = ByteBuffer.allocateDirect(size + 7).position(3);
        direct.put(plain).flip().position(3);
        ByteBuffer sealed = NoiseFrames.encryptFrames(c[0], direct);
        assertEquals(0, direct.remaining());
        wire = new byte[sealed.remaining()];
        sealed.get(wire);
      }
      assertArrayEquals(plain, decryptInPieces(d, wire, rng), "message " + i + " of " + size + " bytes");
    }
  }

  @Test
  void aHeapBufferSliceShouldEncryptOnlyItsRemainingBytes() {
    Random rng = new Random(8);
    CipherState[] c = pair(rng);
    byte[] backing = NoiseVectors.randomBytes(rng, 1000);
    ByteBuffer slice = ByteBuffer.wrap(backing, 100, 300).slice();
    ByteBuffer sealed = NoiseFrames.encryptFrames(c[0], slice);
    byte[] wire = new byte[sealed.remaining()];
    sealed.get(wire);
    assertArrayEquals(Arrays.copyOfRange(backing, 100, 400), new FrameDecryptor(c[1]).decrypt(wire).get(0));
  }

  @Test
  void severalFramesInOneReadShouldAllBeYielded() {
    Random rng = new Random(9);
    CipherState[] c = pair(rng);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      wire.writeBytes(NoiseFrames.encryptFrames(c[0], new byte[] {(byte) i}));
    }
    List<byte[]> got = new FrameDecryptor(c[1]).decrypt(wire.toByteArray());
    assertEquals(5, got.size());
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(new byte[] {(byte) i}, got.get(i));
    }
  }

  @Test
  void aTruncatedFrameShouldWaitForTheRest() {
    Random rng = new Random(10);
    CipherState[] c = pair(rng);
    byte[] wire = NoiseFrames.encryptFrames(c[0], NoiseVectors.randomBytes(rng, 500));
    FrameDecryptor d = new FrameDecryptor(c[1]);
    assertTrue(d.decrypt(ByteBuffer.wrap(wire, 0, 1)).isEmpty());
    assertTrue(d.decrypt(ByteBuffer.wrap(wire, 1, wire.length - 2)).isEmpty());
    assertEquals(wire.length - 1, d.buffered());
    assertEquals(1, d.decrypt(ByteBuffer.wrap(wire, wire.length - 1, 1)).size());
    assertEquals(0, d.buffered());
  }

  @Test
  void readShouldConsumeOnlyTheCurrentFrame() {
    byte[] two = {0, 2, 'a', 'b', 0, 1, 'c'};
    ByteBuffer in = ByteBuffer.wrap(two);
    FrameReader r = new FrameReader();
    assertArrayEquals(new byte[] {'a', 'b'}, r.read(in).orElseThrow());
    assertEquals(3, in.remaining());
    assertArrayEquals(new byte[] {'c'}, r.read(in).orElseThrow());
    assertEquals(Optional.empty(), r.read(in));
  }

  @Test
  void aFrameLongerThanTheLimitShouldBeRejectedBeforeItsBytesArrive() {
    FrameReader r = new FrameReader(1000);
    NoiseException e = assertThrows(NoiseException.class, () -> r.read(ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe9})));
    assertTrue(e.getMessage().contains("1001"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FrameReader(65536));
    assertThrows(IllegalArgumentException.class, () -> NoiseFrames.frame(new byte[65536]));
    assertEquals(65537, NoiseFrames.frame(new byte[65535]).length);
  }

  @Test
  void aTransportFrameShorterThanTheTagShouldBeRejected() {
    CipherState[] c = pair(new Random(1));
    NoiseException e = assertThrows(NoiseException.class,
        () -> new FrameDecryptor(c[1]).decrypt(new byte[] {0, 3, 1, 2, 3}));
    assertTrue(e.getMessage().contains("shorter than the 16-byte"), e.getMessage());
  }

  @Test
  void anEmptyPlaintextFrameFromThePeerShouldDecodeToNothing() {
    CipherState[] c = pair(new Random(2));
    byte[] tagOnly = NoiseFrames.frame(c[0].encryptWithAd(new byte[0], new byte[0]));
    assertEquals(18, tagOnly.length);
    List<byte[]> got = new FrameDecryptor(c[1]).decrypt(tagOnly);
    assertEquals(1, got.size());
    assertEquals(0, got.get(0).length);
    assertEquals(0, NoiseFrames.encryptFrames(c[0], new byte[0]).length);
  }

  @Test
  void tamperedReorderedOrReplayedFramesShouldFail() {
    Random rng = new Random(12);
    CipherState[] c = pair(rng);
    byte[] f0 = NoiseFrames.encryptFrames(c[0], NoiseVectors.randomBytes(rng, 40));
    byte[] f1 = NoiseFrames.encryptFrames(c[0], NoiseVectors.randomBytes(rng, 40));
    for (int bit = 16; bit < f0.length * 8; bit += 7) { // every 7th bit past the length prefix
      byte[] bad = f0.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      byte[] copy = bad;
      assertThrows(NoiseException.class, () -> new FrameDecryptor(CipherState.withKey(c[1].key())).decrypt(copy));
    }
    assertThrows(NoiseException.class, () -> new FrameDecryptor(CipherState.withKey(c[1].key())).decrypt(f1));
    FrameDecryptor d = new FrameDecryptor(c[1]);
    d.decrypt(f0);
    assertThrows(NoiseException.class, () -> d.decrypt(f0));
  }

  @Test
  void shouldRefuseToEncryptWithoutAKey() {
    assertThrows(IllegalStateException.class, () -> NoiseFrames.encryptFrames(CipherState.empty(), new byte[3]));
    assertThrows(IllegalStateException.class, () -> new FrameDecryptor(CipherState.empty()));
  }
}
