package io.fedchain.chain.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Domain tags of signed objects. A signature covers {@code tag || 0x00 || chainId || 0x00 ||
 * payload}, so a signature made for one purpose or one chain is worthless for another.
 */
public enum Domain {
  TX("fedchain/tx"),
  UPDATE("fedchain/update"),
  PROPOSAL("fedchain/proposal"),
  VOTE("fedchain/vote");

  private final String tag;

  Domain(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  public byte[] signingInput(String chainId, byte[] payload) {
    byte[] t = tag.getBytes(StandardCharsets.UTF_8);
    byte[] c = chainId.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 1 + c.length + 1 + payload.length];
    System.arraycopy(t, 0, out, 0, t.length);
    System.arraycopy(c, 0, out, t.length + 1, c.length);
    System.arraycopy(payload, 0, out, t.length + 1 + c.length + 1, payload.length);
    return out;
  }
}
