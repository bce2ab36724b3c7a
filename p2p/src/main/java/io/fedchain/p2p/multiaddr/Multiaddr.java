package io.fedchain.p2p.multiaddr;

import io.fedchain.p2p.identity.PeerId;
import io.fedchain.p2p.proto.ProtoException;
import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddress of the shapes fedchain uses: {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>} with
 * an optional {@code /p2p/<peer id>}, in text and binary form (multiformats/multiaddr). Other
 * protocols are refused with an error that names them.
 */
public record Multiaddr(String hostKind, String host, int port, Optional<PeerId> peerId) {
  private static final int IP4 = 4;
  private static final int TCP = 6;
  private static final int IP6 = 41;
  private static final int DNS = 53;
  private static final int DNS4 = 54;
  private static final int DNS6 = 55;
  private static final int P2P = 421;

  public Multiaddr {
    if (!List.of("ip4", "ip6", "dns", "dns4", "dns6").contains(hostKind)) {
      throw new IllegalArgumentException("unsupported host protocol /" + hostKind);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("tcp port " + port + " outside [0, 65535]");
    }
    if (hostKind.equals("ip4") || hostKind.equals("ip6")) {
      host = canonicalIp(hostKind, host);
    } else if (host.isEmpty() || host.length() > 253 || host.contains("/")) {
      throw new IllegalArgumentException("bad DNS name '" + host + "'");
    }
  }

  public static Multiaddr tcp(InetSocketAddress address, Optional<PeerId> peerId) {
    InetAddress ip = address.getAddress();
    return new Multiaddr(ip instanceof Inet6Address ? "ip6" : "ip4", ip.getHostAddress(), address.getPort(), peerId);
  }

  /**
   * Parses {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}; the error says which part is wrong and
   * what form is expected.
   */
  public static Multiaddr parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 5 || !parts[0].isEmpty()) {
      throw bad(text, "expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<peer id>]");
    }
    if (!parts[3].equals("tcp")) {
      throw bad(text, "'" + parts[3] + "' is not tcp; only TCP transports are supported");
    }
    int port;
    try {
      port = Integer.parseInt(parts[4]);
    } catch (NumberFormatException e) {
      throw bad(text, "port '" + parts[4] + "' is not a number");
    }
    Optional<PeerId> peer = Optional.empty();
    if (parts.length == 7 && parts[5].equals("p2p")) {
      try {
        peer = Optional.of(PeerId.fromBase58(parts[6]));
      } catch (IllegalArgumentException e) {
        throw bad(text, e.getMessage());
      }
    } else if (parts.length != 5) {
      throw bad(text, "unexpected '" + String.join("/", java.util.Arrays.copyOfRange(parts, 5, parts.length))
          + "' after the port (only /p2p/<peer id> may follow)");
    }
    try {
      return new Multiaddr(parts[1], parts[2], port, peer);
    } catch (IllegalArgumentException e) {
      throw bad(text, e.getMessage());
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad multiaddr '" + text + "': " + why);
  }

  private static String canonicalIp(String kind, String host) {
    try {
      boolean v4Syntax = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
      if (kind.equals("ip4") && !v4Syntax) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
      }
      if (kind.equals("ip6") && !host.contains(":")) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
      }
      InetAddress a = InetAddress.getByName(host);
      if (kind.equals("ip4") != (a instanceof Inet4Address)) {
        throw new IllegalArgumentException("'" + host + "' is not an " + kind + " address");
      }
      return a.getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an " + kind + " address");
    }
  }

  public Multiaddr withPeerId(PeerId id) {
    return new Multiaddr(hostKind, host, port, Optional.of(id));
  }

  public Multiaddr withoutPeerId() {
    return new Multiaddr(hostKind, host, port, Optional.empty());
  }

  public InetSocketAddress socketAddress() {
    return hostKind.startsWith("ip") ? new InetSocketAddress(host, port) : InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return "/" + hostKind + "/" + host + "/tcp/" + port + peerId.map(p -> "/p2p/" + p).orElse("");
  }

  /** The binary form: (varint code, value) pairs. */
  public byte[] toBytes() {
    ProtoWriter w = new ProtoWriter(64);
    switch (hostKind) {
      case "ip4", "ip6" -> {
        try {
          w.rawVarint(hostKind.equals("ip4") ? IP4 : IP6).rawBytes(InetAddress.getByName(host).getAddress());
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
      default -> {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        w.rawVarint(hostKind.equals("dns") ? DNS : hostKind.equals("dns4") ? DNS4 : DNS6).rawVarint(name.length)
            .rawBytes(name);
      }
    }
    w.rawVarint(TCP).rawBytes(new byte[] {(byte) (port >>> 8), (byte) port});
    peerId.ifPresent(p -> {
      byte[] id = p.toBytes();
      w.rawVarint(P2P).rawVarint(id.length).rawBytes(id);
    });
    return w.toByteArray();
  }

  /** Parses the binary form; a form this class cannot represent fails with {@link ProtoException}. */
  public static Multiaddr fromBytes(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    List<String> parts = new ArrayList<>();
    while (r.hasMore()) {
      long code = r.readVarint();
      if (code == IP4 || code == IP6) {
        byte[] addr = fixed(r, code == IP4 ? 4 : 16);
        try {
          parts.add(code == IP4 ? "ip4" : "ip6");
          parts.add(InetAddress.getByAddress(addr).getHostAddress());
        } catch (UnknownHostException e) {
          throw new ProtoException("bad IP address");
        }
      } else if (code == TCP) {
        byte[] p = fixed(r, 2);
        parts.add("tcp");
        parts.add(Integer.toString((p[0] & 0xff) << 8 | (p[1] & 0xff)));
      } else if (code == DNS || code == DNS4 || code == DNS6) {
        parts.add(code == DNS ? "dns" : code == DNS4 ? "dns4" : "dns6");
        parts.add(new String(lengthPrefixed(r), StandardCharsets.UTF_8));
      } else if (code == P2P) {
        parts.add("p2p");
        try {
          parts.add(PeerId.fromBytes(lengthPrefixed(r)).toBase58());
        } catch (IllegalArgumentException e) {
          throw new ProtoException("bad peer id in multiaddr: " + e.getMessage());
        }
      } else {
        throw new ProtoException("unsupported multiaddr protocol code " + code);
      }
    }
    try {
      return parse("/" + String.join("/", parts));
    } catch (IllegalArgumentException e) {
      throw new ProtoException(e.getMessage());
    }
  }

  private static byte[] fixed(ProtoReader r, int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      if (!r.hasMore()) {
        throw new ProtoException("truncated multiaddr");
      }
      out[i] = r.readRawByte();
    }
    return out;
  }

  private static byte[] lengthPrefixed(ProtoReader r) {
    return r.readBytes(256);
  }
}
