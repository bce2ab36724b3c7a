package io.fedchain.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameHeaderTest {

  private static String hex(FrameHeader h) {
    ByteBuf b = Unpooled.buffer();
    h.encode(b);
    String s = ByteBufUtil.hexDump(b);
    b.release();
    return s;
  }

  private static FrameHeader decodeHex(String hex, long max) {
    ByteBuf b = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    try {
      return FrameHeader.decode(b, max);
    } finally {
      b.release();
    }
  }

  @Test
  void shouldEncodeHeadersByteForByteAsTheSpecLaysThemOut() {
    // version 00, type, flags (16 bits), stream id (32), length (32), big-endian
    assertEquals("00" + "01" + "0001" + "00000001" + "00000000", hex(FrameHeader.windowUpdate(Flags.SYN, 1, 0)));
    assertEquals("00" + "00" + "0006" + "00000002" + "00000005", hex(FrameHeader.data(Flags.ACK | Flags.FIN, 2, 5)));
    assertEquals("00" + "01" + "0008" + "00000003" + "00000000", hex(FrameHeader.windowUpdate(Flags.RST, 3, 0)));
    assertEquals("00" + "01" + "0000" + "00000007" + "00040000", hex(FrameHeader.windowUpdate(0, 7, 256 * 1024)));
    assertEquals("00" + "02" + "0001" + "00000000" + "deadbeef", hex(FrameHeader.ping(Flags.SYN, 0xDEADBEEFL)));
    assertEquals("00" + "02" + "0002" + "00000000" + "deadbeef", hex(FrameHeader.ping(Flags.ACK, 0xDEADBEEFL)));
    assertEquals("00" + "03" + "0000" + "00000000" + "00000001", hex(FrameHeader.goAway(GoAwayCode.PROTOCOL_ERROR)));
    assertEquals("00" + "00" + "0000" + "ffffffff" + "00000000", hex(FrameHeader.data(0, 0xFFFFFFFF, 0)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void shouldRoundTripRandomValidHeaders(long seed) {
    Random rng = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      FrameHeader h = switch (rng.nextInt(4)) {
        case 0 -> FrameHeader.data(rng.nextInt(16), rng.nextInt() | 1, rng.nextInt(1 << 24));
        case 1 -> FrameHeader.windowUpdate(rng.nextInt(16), rng.nextInt() | 2, rng.nextLong() >>> 32);
        case 2 -> FrameHeader.ping(rng.nextBoolean() ? Flags.SYN : Flags.ACK, rng.nextLong() >>> 32);
        default -> FrameHeader.goAway(GoAwayCode.values()[rng.nextInt(3)]);
      };
      ByteBuf b = Unpooled.buffer();
      h.encode(b);
      assertEquals(FrameHeader.SIZE, b.readableBytes());
      assertEquals(h, FrameHeader.decode(b, 1 << 24));
      assertEquals(0, b.readableBytes());
      b.release();
    }
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource({
      "00010001000000010000,               12, truncated yamux frame header: 10 of 12 bytes",
      "010100010000000100000000,           12, unsupported yamux version 1",
      "000400000000000100000000,           12, unknown yamux frame type 4",
      "000100100000000100000000,           12, unknown flags [0x10]",
      "000200010000000500000000,           12, ping on stream 5",
      "000200030000000000000000,           12, ping with flags [SYN|ACK]",
      "000200000000000000000000,           12, ping with flags []",
      "000300010000000000000000,           12, GoAway with flags [SYN]",
      "000300000000000000000003,           12, unknown GoAway code 3",
      "000300000000000100000000,           12, GoAway on stream 1",
      "000000000000000000000001,           12, DATA frame on stream 0",
      "000100000000000000000001,           12, WINDOW_UPDATE frame on stream 0",
      "000000000000000100000011,           16, data frame of 17 bytes on stream 1 exceeds the frame limit of 16",
  })
  void shouldRejectInvalidHeadersWithAClearMessage(String hex, long max, String message) {
    YamuxException e = assertThrows(YamuxException.class, () -> decodeHex(hex.strip(), max));
    assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
  }

  @Test
  void shouldReadStreamIdsAndLengthsAsUnsigned32Bits() {
    FrameHeader h = decodeHex("00010000ffffffffffffffff", 0);
    assertEquals(0xFFFFFFFF, h.streamId());
    assertEquals(0xFFFFFFFFL, h.length());
    assertEquals("WINDOW_UPDATE[] stream 4294967295 length 4294967295", h.toString());
  }

  @Test
  void shouldRefuseToBuildHeadersThatDoNotFitTheirFields() {
    assertThrows(IllegalArgumentException.class, () -> FrameHeader.windowUpdate(0, 1, 1L << 32));
    assertThrows(IllegalArgumentException.class, () -> FrameHeader.windowUpdate(0x10000, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> FrameHeader.windowUpdate(0, 1, -1));
  }
}
