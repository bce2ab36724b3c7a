package io.fedchain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseXXTest {

  static int[] seeds() {
    return IntStream.rangeClosed(1, 40).toArray();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomKeysShouldAgreeOnHashKeysAndPayloads(int seed) {
    Random rng = new Random(seed);
    X25519KeyPair is = NoiseVectors.randomKey(rng);
    X25519KeyPair rs = NoiseVectors.randomKey(rng);
    NoiseXX init = NoiseXX.withEphemeral(NoiseXX.Role.INITIATOR, is, NoiseVectors.randomKey(rng));
    NoiseXX resp = NoiseXX.withEphemeral(NoiseXX.Role.RESPONDER, rs, NoiseVectors.randomKey(rng));
    byte[][] payloads = new byte[3][];
    for (int i = 0; i < 3; i++) {
      payloads[i] = NoiseVectors.randomBytes(rng, rng.nextInt(4) == 0 ? 0 : rng.nextInt(3000));
    }
    assertTrue(init.isMyTurn());
    assertFalse(resp.isMyTurn());
    assertArrayEquals(payloads[0], resp.readMessage(init.writeMessage(payloads[0])));
    assertTrue(resp.isMyTurn());
    assertArrayEquals(payloads[1], init.readMessage(resp.writeMessage(payloads[1])));
    assertArrayEquals(payloads[2], resp.readMessage(init.writeMessage(payloads[2])));
    assertTrue(init.isComplete() && resp.isComplete());
    assertFalse(init.isMyTurn() || resp.isMyTurn());

    assertArrayEquals(init.handshakeHash(), resp.handshakeHash());
    assertArrayEquals(rs.publicKey(), init.remoteStaticKey().orElseThrow());
    assertArrayEquals(is.publicKey(), resp.remoteStaticKey().orElseThrow());
    NoiseXX.TransportCiphers a = init.split();
    NoiseXX.TransportCiphers b = resp.split();
    assertArrayEquals(a.send().key(), b.receive().key());
    assertArrayEquals(a.receive().key(), b.send().key());
    assertFalse(Arrays.equals(a.send().key(), a.receive().key()));
  }

  @Test
  void generatedEphemeralKeysShouldDifferBetweenHandshakes() {
    X25519KeyPair s = X25519KeyPair.generate();
    byte[] e1 = NoiseXX.initiator(s).writeMessage(new byte[0]);
    byte[] e2 = NoiseXX.initiator(s).writeMessage(new byte[0]);
    assertEquals(32, e1.length);
    assertFalse(Arrays.equals(e1, e2));
  }

  @Test
  void flippingAnyBitOfMessage2ShouldFailCleanly() {
    byte[] msg2 = NoiseVectors.v("msg2Hex");
    for (int bit = 0; bit < msg2.length * 8; bit++) {
      byte[] bad = msg2.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      NoiseXX init = NoiseVectors.initiator();
      init.writeMessage(new byte[0]);
      assertThrows(NoiseException.class, () -> init.readMessage(bad), "bit " + bit);
      assertFalse(init.isComplete());
      assertThrows(IllegalStateException.class, () -> init.writeMessage(new byte[0]), "a failed handshake must stay failed");
    }
  }

  @Test
  void flippingAnyBitOfMessage3ShouldFailCleanly() {
    byte[] msg3 = NoiseVectors.v("msg3Hex");
    for (int bit = 0; bit < msg3.length * 8; bit++) {
      byte[] bad = msg3.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      NoiseXX resp = NoiseVectors.responder();
      resp.readMessage(NoiseVectors.v("msg1Hex"));
      resp.writeMessage(NoiseVectors.v("payloadResponderHex"));
      assertThrows(NoiseException.class, () -> resp.readMessage(bad), "bit " + bit);
      assertFalse(resp.isComplete());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"msg2Hex", "msg3Hex"})
  void everyTruncationShouldFailWithANoiseException(String message) {
    byte[] full = NoiseVectors.v(message);
    for (int len = 0; len < full.length; len++) {
      NoiseXX side;
      if (message.equals("msg2Hex")) {
        side = NoiseVectors.initiator();
        side.writeMessage(new byte[0]);
      } else {
        side = NoiseVectors.responder();
        side.readMessage(NoiseVectors.v("msg1Hex"));
        side.writeMessage(NoiseVectors.v("payloadResponderHex"));
      }
      NoiseXX s = side;
      byte[] cut = Arrays.copyOf(full, len);
      assertThrows(NoiseException.class, () -> s.readMessage(cut), len + " of " + full.length + " bytes");
    }
  }

  @Test
  void aShortFirstMessageShouldFail() {
    NoiseXX resp = NoiseVectors.responder();
    NoiseException e = assertThrows(NoiseException.class, () -> resp.readMessage(new byte[31]));
    assertTrue(e.getMessage().contains("too short for the remote ephemeral key"), e.getMessage());
  }

  @Test
  void aLowOrderEphemeralKeyShouldBeRefused() {
    NoiseXX resp = NoiseVectors.responder();
    resp.readMessage(new byte[32]); // u = 0: every shared secret with it is zero
    NoiseException e = assertThrows(NoiseException.class, () -> resp.writeMessage(new byte[0]));
    assertTrue(e.getMessage().contains("low-order"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> resp.writeMessage(new byte[0]));
  }

  @Test
  void anOversizeMessageShouldBeRefusedOnBothEnds() {
    NoiseXX resp = NoiseVectors.responder();
    assertThrows(NoiseException.class, () -> resp.readMessage(new byte[65536]));
    NoiseXX init = NoiseVectors.initiator();
    assertThrows(IllegalArgumentException.class, () -> init.writeMessage(new byte[65535 - 32 + 1]));
    assertEquals(65535, init.writeMessage(new byte[65535 - 32]).length);
    NoiseXX r2 = NoiseVectors.responder();
    r2.readMessage(NoiseVectors.v("msg1Hex"));
    assertThrows(IllegalArgumentException.class, () -> r2.writeMessage(new byte[65535 - 32 - 48 - 16 + 1]));
    assertEquals(65535, r2.writeMessage(new byte[65535 - 32 - 48 - 16]).length);
  }

  @Test
  void stepsOutOfTurnShouldBeProgrammingErrors() {
    NoiseXX init = NoiseVectors.initiator();
    assertThrows(IllegalStateException.class, () -> init.readMessage(new byte[32]));
    assertThrows(IllegalStateException.class, init::handshakeHash);
    assertThrows(IllegalStateException.class, init::split);
    NoiseXX resp = NoiseVectors.responder();
    assertThrows(IllegalStateException.class, () -> resp.writeMessage(new byte[0]));
  }

  @Test
  void transportCiphersShouldBeHandedOutOnce() {
    NoiseXX init = NoiseVectors.initiator();
    init.writeMessage(new byte[0]);
    init.readMessage(NoiseVectors.v("msg2Hex"));
    init.writeMessage(new byte[0]);
    init.split();
    assertThrows(IllegalStateException.class, init::split);
  }
}
