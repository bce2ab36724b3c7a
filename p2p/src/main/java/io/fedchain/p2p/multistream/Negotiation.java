package io.fedchain.p2p.multistream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * multistream-select 1.0 (multiformats/multistream-select; libp2p connections spec), as a pure
 * state machine fed with bytes, usable on a raw connection (to pick {@code /noise}, then
 * {@code /yamux/1.0.0}) and on every muxed stream (to pick its protocol).
 *
 * <p>Every message is a varint length, then UTF-8 text ending in a newline that the length counts.
 * Both sides send {@code /multistream/1.0.0}; the dialer proposes protocols one at a time and the
 * listener echoes the one it takes or answers {@code na}; {@code ls} asks the listener for its
 * protocols. The dialer pipelines its header and first proposal (no round trip for the common case).
 * Bytes that arrive after the decision belong to the chosen protocol and are handed back as
 * {@link Step#leftover}.
 */
public abstract sealed class Negotiation permits Negotiation.Dialer, Negotiation.Listener {
  public static final String PROTOCOL_ID = "/multistream/1.0.0";
  public static final String NA = "na";
  public static final String LS = "ls";
  /** Longest message accepted; protocol ids are short, and this stops a peer making us buffer. */
  public static final int MAX_MESSAGE = 1024;
  /** Most proposals a listener answers before giving up on a dialer. */
  public static final int MAX_ATTEMPTS = 32;

  /** The outcome of feeding bytes: what to send, and the decision when there is one. */
  public record Step(List<byte[]> toSend, Optional<String> selected, byte[] leftover) {
    public boolean done() {
      return selected.isPresent();
    }
  }

  private byte[] pending = new byte[0];
  private boolean headerSeen;
  private Optional<String> selected = Optional.empty();

  /** Messages to send before any byte arrives. */
  public abstract List<byte[]> start();

  /** Feeds received bytes; throws {@link MultistreamException} on a protocol violation. */
  public final Step feed(byte[] data) {
    if (selected.isPresent()) {
      throw new IllegalStateException("negotiation already finished with " + selected.get());
    }
    pending = concat(pending, data);
    List<byte[]> out = new ArrayList<>();
    while (selected.isEmpty()) {
      Optional<String> message = nextMessage();
      if (message.isEmpty()) {
        break;
      }
      String m = message.get();
      if (!headerSeen) {
        if (!m.equals(PROTOCOL_ID)) {
          throw new MultistreamException("expected " + PROTOCOL_ID + ", got '" + printable(m) + "'");
        }
        headerSeen = true;
        continue;
      }
      selected = onMessage(m, out);
    }
    byte[] leftover = selected.isPresent() ? pending : new byte[0];
    if (selected.isPresent()) {
      pending = new byte[0];
    }
    return new Step(out, selected, leftover);
  }

  /** Handles one message after the header; returns the decision when this message completes it. */
  abstract Optional<String> onMessage(String message, List<byte[]> out);

  private Optional<String> nextMessage() {
    long len = 0;
    int i = 0;
    for (int shift = 0; ; shift += 7) {
      if (i >= pending.length) {
        return Optional.empty();
      }
      if (shift > 14) {
        throw new MultistreamException("message length varint too long");
      }
      byte b = pending[i++];
      len |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (len == 0 || len > MAX_MESSAGE) {
      throw new MultistreamException("message length " + len + " outside [1, " + MAX_MESSAGE + "]");
    }
    if (pending.length - i < len) {
      return Optional.empty();
    }
    byte[] body = Arrays.copyOfRange(pending, i, i + (int) len);
    pending = Arrays.copyOfRange(pending, i + (int) len, pending.length);
    if (body[body.length - 1] != '\n') {
      throw new MultistreamException("message does not end with a newline");
    }
    return Optional.of(new String(body, 0, body.length - 1, StandardCharsets.UTF_8));
  }

  /** One message on the wire: varint length, text, newline. */
  public static byte[] encode(String message) {
    byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 2);
    int len = text.length;
    while ((len & ~0x7f) != 0) {
      out.write((len & 0x7f) | 0x80);
      len >>>= 7;
    }
    out.write(len);
    out.writeBytes(text);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b.clone();
    }
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The side that opened the connection or stream: proposes protocols in order of preference. */
  public static final class Dialer extends Negotiation {
    private final List<String> proposals;
    private int next;

    public Dialer(List<String> proposals) {
      if (proposals.isEmpty()) {
        throw new IllegalArgumentException("nothing to propose");
      }
      this.proposals = List.copyOf(proposals);
    }

    @Override
    public List<byte[]> start() {
      return List.of(encode(PROTOCOL_ID), encode(proposals.get(0)));
    }

    @Override
    Optional<String> onMessage(String message, List<byte[]> out) {
      String proposed = proposals.get(next);
      if (message.equals(proposed)) {
        return Optional.of(proposed);
      }
      if (!message.equals(NA)) {
        throw new MultistreamException("proposed " + proposed + ", the listener answered '" + printable(message) + "'");
      }
      next++;
      if (next >= proposals.size()) {
        throw new MultistreamException("the listener supports none of " + proposals);
      }
      out.add(encode(proposals.get(next)));
      return Optional.empty();
    }
  }

  /** The side that accepted the connection or stream: takes the first proposal it supports. */
  public static final class Listener extends Negotiation {
    private final Set<String> supported;
    private int attempts;

    public Listener(Set<String> supported) {
      this.supported = Set.copyOf(supported);
    }

    @Override
    public List<byte[]> start() {
      return List.of(encode(PROTOCOL_ID));
    }

    @Override
    Optional<String> onMessage(String message, List<byte[]> out) {
      if (++attempts > MAX_ATTEMPTS) {
        throw new MultistreamException("no agreement after " + MAX_ATTEMPTS + " proposals");
      }
      if (message.equals(LS)) {
        out.add(listing());
        return Optional.empty();
      }
      if (supported.contains(message)) {
        out.add(encode(message));
        return Optional.of(message);
      }
      out.add(encode(NA));
      return Optional.empty();
    }

    /** The answer to {@code ls}, as go-multistream sends it: one message holding one line per protocol. */
    private byte[] listing() {
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      supported.stream().sorted().forEach(p -> lines.writeBytes(encode(p)));
      lines.write('\n');
      byte[] body = lines.toByteArray();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int len = body.length;
      while ((len & ~0x7f) != 0) {
        out.write((len & 0x7f) | 0x80);
        len >>>= 7;
      }
      out.write(len);
      out.writeBytes(body);
      return out.toByteArray();
    }
  }
}
