package io.fedchain.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.MemberId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;

/**
 * A member's key file: {@code {"peerId": "12D3KooW...", "publicKeyHex": "...", "seedHex": "..."}}.
 * The seed is the secret; the other two fields let people and tools read the identity without it,
 * and are checked against it on reading so a damaged file is caught.
 */
public final class KeyFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private KeyFile() {}

  static String json(ChainKey key) {
    ObjectNode o = JSON.createObjectNode();
    o.put("peerId", key.id().peerId());
    o.put("publicKeyHex", HexFormat.of().formatHex(key.id().publicKey()));
    o.put("seedHex", HexFormat.of().formatHex(key.seed()));
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the key with mode 600 from the start (never readable by others, not even briefly).
   * Without {@code force} an existing file is left alone; with it, it is replaced atomically.
   */
  public static void write(Path file, ChainKey key, boolean force) throws IOException {
    byte[] bytes = json(key).getBytes(StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(file + ": directory " + dir + " does not exist");
    }
    if (!force) {
      // CREATE_NEW: the existence check and the creation are one step, so nothing is overwritten.
      try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          OWNER_ONLY)) {
        writeFully(ch, bytes);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(file + " exists; use --force to overwrite it (its key is then lost)");
      }
      return;
    }
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", OWNER_ONLY);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeFully(ch, bytes);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    ch.force(true);
  }

  /** Reads a key file; errors name the file, the field and what is wrong. */
  public static ChainKey read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such key file");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not a key file (not valid JSON: " + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": not a key file (expected a JSON object)");
    }
    ChainKey key;
    String seedHex = field(file, root, "seedHex");
    try {
      key = ChainKey.fromSeed(HexFormat.of().parseHex(seedHex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": seedHex: expected 64 hex digits (a 32-byte Ed25519 seed)");
    }
    String pub = field(file, root, "publicKeyHex");
    if (!pub.equalsIgnoreCase(HexFormat.of().formatHex(key.id().publicKey()))) {
      throw new IllegalArgumentException(file + ": publicKeyHex: does not match the key of seedHex (damaged file?)");
    }
    String peerId = field(file, root, "peerId");
    MemberId id;
    try {
      id = MemberId.fromPeerId(peerId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": peerId: " + e.getMessage());
    }
    if (!id.equals(key.id())) {
      throw new IllegalArgumentException(file + ": peerId: " + peerId + " is not the peer id of the key of seedHex ("
          + key.id().peerId() + ")");
    }
    return key;
  }

  private static String field(Path file, JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(file + ": " + name + ": " + (n == null ? "missing" : "expected a string"));
    }
    return n.asText();
  }
}
