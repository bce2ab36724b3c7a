package io.fedchain.p2p.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtoReaderTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void shouldRoundTripRandomMessages(long seed) {
    Random rng = new Random(seed);
    for (int i = 0; i < 200; i++) {
      long v = rng.nextLong() >>> rng.nextInt(64);
      byte[] b = new byte[rng.nextInt(300)];
      rng.nextBytes(b);
      String s = "topic-" + rng.nextInt(1000) + "-é";
      byte[] msg = new ProtoWriter().varint(1, v).bytes(2, b).string(3, s).bool(4, true)
          .message(5, new ProtoWriter().varint(1, 42)).toByteArray();
      ProtoReader r = new ProtoReader(msg);
      assertEquals(1 << 3, r.readTag());
      assertEquals(v, r.readVarint());
      r.readTag();
      assertArrayEquals(b, r.readBytes(1000));
      r.readTag();
      assertEquals(s, r.readString(100));
      r.readTag();
      assertEquals(true, r.readBool());
      r.readTag();
      ProtoReader nested = r.readMessage(100);
      nested.readTag();
      assertEquals(42, nested.readVarint());
      assertFalse(r.hasMore());
    }
  }

  @Test
  void truncatedOrHostileInputShouldFailWithProtoException() {
    byte[] msg = new ProtoWriter().bytes(2, new byte[50]).toByteArray();
    for (int cut = 1; cut < msg.length; cut++) {
      ProtoReader r = new ProtoReader(java.util.Arrays.copyOf(msg, cut));
      assertThrows(ProtoException.class, () -> {
        r.readTag();
        r.readBytes(1000);
      });
    }
    assertThrows(ProtoException.class, () -> new ProtoReader(new byte[] {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x0f}).skip(2));
    byte[] tooLong = new byte[11];
    java.util.Arrays.fill(tooLong, (byte) 0x80);
    assertThrows(ProtoException.class, () -> new ProtoReader(tooLong).readVarint());
    assertThrows(ProtoException.class, () -> new ProtoReader(new byte[] {0x00}).readTag());
    assertThrows(ProtoException.class, () -> {
      ProtoReader r = new ProtoReader(new ProtoWriter().bytes(1, new byte[20]).toByteArray());
      r.readTag();
      r.readBytes(10);
    });
    assertThrows(ProtoException.class, () -> {
      ProtoReader r = new ProtoReader(new byte[] {0x0a, 0x02, (byte) 0xc3, 0x28});
      r.readTag();
      r.readString(10);
    });
  }
}
