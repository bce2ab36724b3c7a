package io.fedchain.p2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/**
 * Byte-exact vectors produced by js-libp2p with fixed keys ({@code libp2p-vectors.json}, from the
 * team's shared folder): peer ids, multistream frames, a Noise XX handshake, a signed gossipsub message.
 */
public final class Vectors {
  private static final JsonNode ROOT = load();

  private Vectors() {}

  private static JsonNode load() {
    try (InputStream in = Vectors.class.getResourceAsStream("/libp2p-vectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text at a path of field names, e.g. {@code text("peerIds", "seed01", "peerIdBase58")}. */
  public static String text(String... path) {
    JsonNode n = ROOT;
    for (String p : path) {
      n = n.path(p);
    }
    if (n.isMissingNode()) {
      throw new IllegalArgumentException("no vector at " + String.join(".", path));
    }
    return n.asText();
  }

  public static byte[] hex(String... path) {
    return HexFormat.of().parseHex(text(path));
  }
}
