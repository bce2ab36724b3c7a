package io.fedchain.p2p.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedchain.p2p.identity.Identity;
import io.fedchain.p2p.multiaddr.Multiaddr;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentifyMessageTest {

  @Test
  void shouldRoundTrip() {
    Identity id = Identity.random();
    IdentifyMessage m = new IdentifyMessage("ipfs/0.1.0", "fedchain/0.1.0", Optional.of(id.publicKey()),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")),
        Optional.of(Multiaddr.parse("/ip4/10.1.2.3/tcp/55555")), List.of("/ipfs/ping/1.0.0", "/meshsub/1.1.0"));
    assertEquals(m, IdentifyMessage.decode(m.encode()));
  }

  @Test
  void shouldSkipAddressesItCannotRepresent() {
    // A QUIC address (/ip4/1.2.3.4/udp/4001/quic-v1) among TCP ones: dropped, the rest kept.
    byte[] quic = new byte[] {4, 1, 2, 3, 4, (byte) 0x91, 0x02, 0x0f, (byte) 0xa1, (byte) 0xcc, 0x03};
    byte[] msg = new ProtoWriter().bytes(2, quic).bytes(2, Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes())
        .string(3, "/ipfs/id/1.0.0").toByteArray();
    IdentifyMessage m = IdentifyMessage.decode(msg);
    assertEquals(List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1")), m.listenAddrs());
    assertEquals(List.of("/ipfs/id/1.0.0"), m.protocols());
  }

  @Test
  void garbageShouldFailOnlyWithProtoException() {
    Random rng = new Random(5);
    for (int i = 0; i < 3000; i++) {
      byte[] junk = new byte[rng.nextInt(80)];
      rng.nextBytes(junk);
      try {
        IdentifyMessage.decode(junk);
      } catch (ProtoException expected) {
        // the only acceptable failure
      }
    }
  }
}
