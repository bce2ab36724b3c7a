package io.fedchain.chain.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary Merkle roots over SHA-256 with RFC 6962's domain separation: a leaf is
 * {@code H(0x00 || item)}, a node {@code H(0x01 || left || right)}, an odd node at the end of a level
 * is promoted unchanged, and the empty tree's root is {@code H()}. The separation means no inner
 * node can pass for a leaf.
 */
public final class Merkle {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};

  private Merkle() {}

  public static Hash32 root(List<byte[]> items) {
    if (items.isEmpty()) {
      return Hash32.sha256();
    }
    List<Hash32> level = new ArrayList<>(items.size());
    for (byte[] item : items) {
      level.add(Hash32.sha256(LEAF, item));
    }
    while (level.size() > 1) {
      List<Hash32> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(Hash32.sha256(NODE, level.get(i).toBytes(), level.get(i + 1).toBytes()));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    return level.get(0);
  }

  /** The root over hashes (each hash is the leaf item). */
  public static Hash32 rootOfHashes(List<Hash32> hashes) {
    List<byte[]> items = new ArrayList<>(hashes.size());
    for (Hash32 h : hashes) {
      items.add(h.toBytes());
    }
    return root(items);
  }
}
