package io.fedchain.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.Vectors;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NegotiationTest {

  @ParameterizedTest
  @ValueSource(strings = {"/multistream/1.0.0", "/noise", "/yamux/1.0.0", "/meshsub/1.1.0", "/meshsub/1.0.0",
      "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "na"})
  void framesShouldMatchJsLibp2p(String protocol) {
    assertArrayEquals(Vectors.hex("multistream", protocol), Negotiation.encode(protocol));
  }

  private static byte[] join(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** Runs dialer and listener against each other, delivering bytes in random-sized pieces. */
  private static String[] run(Negotiation.Dialer d, Negotiation.Listener l, long seed) {
    Random rng = new Random(seed);
    byte[] toListener = join(d.start());
    byte[] toDialer = join(l.start());
    String dialerResult = null;
    String listenerResult = null;
    for (int i = 0; i < 100 && (dialerResult == null || listenerResult == null); i++) {
      if (toListener.length > 0 && listenerResult == null) {
        int n = 1 + rng.nextInt(toListener.length);
        Negotiation.Step s = l.feed(java.util.Arrays.copyOf(toListener, n));
        toListener = java.util.Arrays.copyOfRange(toListener, n, toListener.length);
        toDialer = concat(toDialer, join(s.toSend()));
        if (s.done()) {
          listenerResult = s.selected().get();
        }
      }
      if (toDialer.length > 0 && dialerResult == null) {
        int n = 1 + rng.nextInt(toDialer.length);
        Negotiation.Step s = d.feed(java.util.Arrays.copyOf(toDialer, n));
        toDialer = java.util.Arrays.copyOfRange(toDialer, n, toDialer.length);
        toListener = concat(toListener, join(s.toSend()));
        if (s.done()) {
          dialerResult = s.selected().get();
        }
      }
    }
    return new String[] {dialerResult, listenerResult};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldAgreeOnTheFirstCommonProtocolWhateverTheChunking(long seed) {
    String[] r = run(new Negotiation.Dialer(List.of("/meshsub/1.2.0", "/meshsub/1.1.0", "/meshsub/1.0.0")),
        new Negotiation.Listener(Set.of("/meshsub/1.0.0", "/meshsub/1.1.0")), seed);
    assertEquals("/meshsub/1.1.0", r[0]);
    assertEquals("/meshsub/1.1.0", r[1]);
  }

  @Test
  void shouldFailWhenNothingIsInCommon() {
    assertThrows(MultistreamException.class,
        () -> run(new Negotiation.Dialer(List.of("/a", "/b")), new Negotiation.Listener(Set.of("/c")), 1));
  }

  @Test
  void shouldHandBackBytesThatFollowTheDecision() {
    Negotiation.Listener l = new Negotiation.Listener(Set.of("/noise"));
    byte[] in = concat(concat(Negotiation.encode("/multistream/1.0.0"), Negotiation.encode("/noise")),
        new byte[] {0, 32, 1, 2, 3});
    Negotiation.Step s = l.feed(in);
    assertEquals("/noise", s.selected().orElseThrow());
    assertArrayEquals(new byte[] {0, 32, 1, 2, 3}, s.leftover());
    assertArrayEquals(Negotiation.encode("/noise"), s.toSend().get(0));
  }

  @Test
  void shouldAnswerLsWithItsProtocols() {
    Negotiation.Listener l = new Negotiation.Listener(Set.of("/b", "/a"));
    Negotiation.Step s = l.feed(concat(Negotiation.encode("/multistream/1.0.0"), Negotiation.encode("ls")));
    assertFalse(s.done());
    byte[] reply = s.toSend().get(0);
    // varint(total) then "\x03/a\n" "\x03/b\n" "\n"
    assertArrayEquals(new byte[] {9, 3, '/', 'a', '\n', 3, '/', 'b', '\n', '\n'}, reply);
  }

  @Test
  void shouldRejectBadFraming() {
    assertThrows(MultistreamException.class, () -> new Negotiation.Listener(Set.of("/a"))
        .feed(new byte[] {3, 'a', 'b', 'c'}));
    assertThrows(MultistreamException.class, () -> new Negotiation.Listener(Set.of("/a"))
        .feed(Negotiation.encode("/multistream/2.0.0")));
    assertThrows(MultistreamException.class, () -> new Negotiation.Listener(Set.of("/a"))
        .feed(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}));
    assertThrows(MultistreamException.class, () -> new Negotiation.Listener(Set.of("/a")).feed(new byte[] {0}));
  }

  @Test
  void listenerShouldGiveUpAfterTooManyProposals() {
    Negotiation.Listener l = new Negotiation.Listener(Set.of("/a"));
    l.feed(Negotiation.encode("/multistream/1.0.0"));
    assertThrows(MultistreamException.class, () -> {
      for (int i = 0; i < 100; i++) {
        l.feed(Negotiation.encode("/x" + i));
      }
    });
  }

  @Test
  void randomGarbageShouldOnlyEverRaiseMultistreamException() {
    Random rng = new Random(11);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[rng.nextInt(64)];
      rng.nextBytes(junk);
      Negotiation.Listener l = new Negotiation.Listener(Set.of("/a"));
      try {
        l.feed(junk);
      } catch (MultistreamException expected) {
        assertTrue(expected.getMessage().length() > 0);
      }
    }
  }
}
