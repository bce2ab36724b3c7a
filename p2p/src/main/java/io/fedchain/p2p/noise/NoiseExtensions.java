package io.fedchain.p2p.noise;

import io.fedchain.p2p.proto.ProtoReader;
import io.fedchain.p2p.proto.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code NoiseExtensions} message of the libp2p Noise payload:
 * {@code repeated bytes webtransport_certhashes = 1; repeated string stream_muxers = 2;}.
 * fedchain decodes it for completeness but sends none and acts on none (see the package doc).
 */
public record NoiseExtensions(List<byte[]> webtransportCerthashes, List<String> streamMuxers) {
  public static final NoiseExtensions NONE = new NoiseExtensions(List.of(), List.of());
  private static final int MAX_ENTRY = 1024;

  public NoiseExtensions {
    webtransportCerthashes = webtransportCerthashes.stream().map(byte[]::clone).toList();
    streamMuxers = List.copyOf(streamMuxers);
  }

  @Override
  public List<byte[]> webtransportCerthashes() {
    return webtransportCerthashes.stream().map(byte[]::clone).toList();
  }

  public boolean isEmpty() {
    return webtransportCerthashes.isEmpty() && streamMuxers.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NoiseExtensions e) || e.webtransportCerthashes.size() != webtransportCerthashes.size()) {
      return false;
    }
    for (int i = 0; i < webtransportCerthashes.size(); i++) {
      if (!Arrays.equals(e.webtransportCerthashes.get(i), webtransportCerthashes.get(i))) {
        return false;
      }
    }
    return e.streamMuxers.equals(streamMuxers);
  }

  @Override
  public int hashCode() {
    int h = streamMuxers.hashCode();
    for (byte[] b : webtransportCerthashes) {
      h = h * 31 + Arrays.hashCode(b);
    }
    return h;
  }

  @Override
  public String toString() {
    return "NoiseExtensions(" + webtransportCerthashes.size() + " certhashes, stream muxers " + streamMuxers + ")";
  }

  ProtoWriter toProto() {
    ProtoWriter w = new ProtoWriter();
    webtransportCerthashes.forEach(h -> w.bytes(1, h));
    streamMuxers.forEach(m -> w.string(2, m));
    return w;
  }

  static NoiseExtensions fromProto(ProtoReader r) {
    List<byte[]> hashes = new ArrayList<>();
    List<String> muxers = new ArrayList<>();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (ProtoReader.fieldNumber(tag)) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          hashes.add(r.readBytes(MAX_ENTRY));
        }
        case 2 -> {
          ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED);
          muxers.add(r.readString(MAX_ENTRY));
        }
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    return new NoiseExtensions(hashes, muxers);
  }
}
