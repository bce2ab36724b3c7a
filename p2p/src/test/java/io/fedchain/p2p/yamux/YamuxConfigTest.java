package io.fedchain.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamuxConfigTest {

  @Test
  void defaultsShouldMatchWhatJsLibp2pAndGoYamuxAssume() {
    YamuxConfig c = YamuxConfig.defaults();
    assertEquals(256 * 1024, c.initialStreamWindow());
    assertEquals(16 << 20, c.maxStreamWindow());
    assertEquals(16 << 20, c.maxFrameLength());
    assertEquals(1024, c.maxInboundStreams());
    assertEquals(256, c.maxAckBacklog());
    assertEquals(Duration.ofSeconds(30), c.keepAliveInterval());
  }

  @Test
  void shouldRejectWindowsThePeerCouldNotHonour() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> YamuxConfig.defaults().withInitialStreamWindow(64 * 1024));
    assertTrue(e.getMessage().contains("below the spec's 262144 bytes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> YamuxConfig.defaults().withMaxStreamWindow(128 * 1024));
    e = assertThrows(IllegalArgumentException.class, () -> YamuxConfig.defaults().withMaxFrameLength(1 << 20));
    assertTrue(e.getMessage().contains("a peer may send a whole window in one frame"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> YamuxConfig.defaults().withMaxDataFrameSize(0));
    assertThrows(IllegalArgumentException.class, () -> YamuxConfig.defaults().withMaxAckBacklog(0));
    assertThrows(IllegalArgumentException.class, () -> YamuxConfig.defaults().withKeepAliveInterval(Duration.ofSeconds(-1)));
  }
}
