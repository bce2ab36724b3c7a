package io.fedchain.p2p.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.proto.ProtoException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {

  @ParameterizedTest
  @ValueSource(strings = {"/ip4/127.0.0.1/tcp/4001", "/ip4/10.0.0.2/tcp/0",
      "/ip6/::1/tcp/9000", "/dns/node-1.example.org/tcp/443", "/dns4/localhost/tcp/1",
      "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"})
  void shouldRoundTripTextAndBinary(String text) {
    Multiaddr a = Multiaddr.parse(text);
    assertEquals(text.replace("::1", "0:0:0:0:0:0:0:1"), a.toString());
    assertEquals(a, Multiaddr.fromBytes(a.toBytes()));
  }

  @Test
  void binaryFormShouldMatchTheSpec() {
    // /ip4/127.0.0.1/tcp/4001 = 04 7f000001 06 0fa1 (multiaddr spec example)
    assertArrayEquals(HexFormat.of().parseHex("047f000001060fa1"), Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes());
  }

  @Test
  void shouldNameWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/127.0.0.1/udp/1"))
        .getMessage().contains("'udp' is not tcp"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3/tcp/1"))
        .getMessage().contains("not an IPv4 address"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"))
        .getMessage().contains("70000"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/xyz0"))
        .getMessage().contains("bad peer id"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("127.0.0.1:4001"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ws"));
  }

  @Test
  void randomBytesShouldFailOnlyWithProtoException() {
    Random rng = new Random(3);
    byte[] good = Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + Identity.random().peerId()).toBytes();
    for (int i = 0; i < 3000; i++) {
      byte[] b = i % 2 == 0 ? new byte[rng.nextInt(50)] : good.clone();
      if (i % 2 == 0) {
        rng.nextBytes(b);
      } else {
        b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
      }
      try {
        Multiaddr.fromBytes(b);
      } catch (ProtoException expected) {
        // the only acceptable failure
      }
    }
  }
}
