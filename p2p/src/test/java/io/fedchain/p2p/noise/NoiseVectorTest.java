package io.fedchain.p2p.noise;

import static io.fedchain.p2p.noise.NoiseVectors.plaintext;
import static io.fedchain.p2p.noise.NoiseVectors.v;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Noise XX handshake js-libp2p produced with fixed keys, replayed one side at a time. */
class NoiseVectorTest {

  @Test
  void protocolNameShouldBeExactlyOneHashLong() {
    assertEquals(Vectors.text("noise", "protocolName"), NoiseXX.PROTOCOL_NAME);
    assertEquals(32, NoiseXX.PROTOCOL_NAME.length());
    assertEquals("", Vectors.text("noise", "prologueHex"));
  }

  @Test
  void initiatorShouldReproduceJsMessagesHashAndKeys() {
    NoiseXX init = NoiseVectors.initiator();
    byte[] msg1 = init.writeMessage(new byte[0]);
    assertArrayEquals(v("msg1Hex"), msg1);
    assertArrayEquals(v("msg1FrameHex"), NoiseFrames.frame(msg1));

    assertArrayEquals(v("payloadResponderHex"), init.readMessage(v("msg2Hex")));
    assertArrayEquals(v("responder", "staticPubHex"), init.remoteStaticKey().orElseThrow());

    byte[] msg3 = init.writeMessage(v("payloadInitiatorHex"));
    assertArrayEquals(v("msg3Hex"), msg3);
    assertArrayEquals(v("msg3FrameHex"), NoiseFrames.frame(msg3));

    assertTrue(init.isComplete());
    assertArrayEquals(v("handshakeHashHex"), init.handshakeHash());
    NoiseXX.TransportCiphers c = init.split();
    assertArrayEquals(v("k1InitiatorToResponderHex"), c.send().key());
    assertArrayEquals(v("k2ResponderToInitiatorHex"), c.receive().key());

    byte[] frame = NoiseFrames.encryptFrames(c.send(), plaintext("transport1_InitiatorToResponder_nonce0"));
    assertArrayEquals(v("transport1_InitiatorToResponder_nonce0", "frameHex"), frame);
    assertArrayEquals(v("transport1_InitiatorToResponder_nonce0", "ciphertextHex"), Arrays.copyOfRange(frame, 2, frame.length));
    assertDecrypts(c.receive(), "transport2_ResponderToInitiator_nonce0");
  }

  @Test
  void responderShouldAnswerJsMessagesWithJsResponses() {
    NoiseXX resp = NoiseVectors.responder();
    assertArrayEquals(new byte[0], resp.readMessage(v("msg1Hex")));
    byte[] msg2 = resp.writeMessage(v("payloadResponderHex"));
    assertArrayEquals(v("msg2Hex"), msg2);
    assertArrayEquals(v("msg2FrameHex"), NoiseFrames.frame(msg2));

    assertArrayEquals(v("payloadInitiatorHex"), resp.readMessage(v("msg3Hex")));
    assertArrayEquals(v("initiator", "staticPubHex"), resp.remoteStaticKey().orElseThrow());
    assertArrayEquals(v("handshakeHashHex"), resp.handshakeHash());
    NoiseXX.TransportCiphers c = resp.split();
    assertArrayEquals(v("k2ResponderToInitiatorHex"), c.send().key());
    assertArrayEquals(v("k1InitiatorToResponderHex"), c.receive().key());

    byte[] frame = NoiseFrames.encryptFrames(c.send(), plaintext("transport2_ResponderToInitiator_nonce0"));
    assertArrayEquals(v("transport2_ResponderToInitiator_nonce0", "frameHex"), frame);
    assertArrayEquals(v("transport2_ResponderToInitiator_nonce0", "ciphertextHex"), Arrays.copyOfRange(frame, 2, frame.length));
    assertDecrypts(c.receive(), "transport1_InitiatorToResponder_nonce0");
  }

  private static void assertDecrypts(CipherState receive, String transport) {
    List<byte[]> got = new FrameDecryptor(receive).decrypt(v(transport, "frameHex"));
    assertEquals(1, got.size());
    assertArrayEquals(plaintext(transport), got.get(0));
  }
}
