package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.MemberId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void keysNewShouldWriteAKeyFileOnlyItsOwnerCanReadAndPrintThePeerId(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("node1.key");
    assertEquals(0, run("keys", "new", "--out", file.toString()), err.toString());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals(List.of("peerId", "publicKeyHex", "seedHex"), iterable(json));
    ChainKey key = ChainKey.fromSeed(HexFormat.of().parseHex(json.get("seedHex").asText()));
    assertEquals(HexFormat.of().formatHex(key.id().publicKey()), json.get("publicKeyHex").asText());
    assertEquals(key.id().peerId(), json.get("peerId").asText());
    assertEquals(key.id(), MemberId.fromPeerId(json.get("peerId").asText()));
    assertEquals(key.id().peerId() + System.lineSeparator(), out.toString(), "stdout is the peer id alone");
    assertTrue(key.id().peerId().startsWith("12D3KooW"));
    assertEquals(key.id(), KeyFile.read(file).id());
  }

  @Test
  void keysNewShouldRefuseToOverwriteUnlessForced(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("node.key");
    assertEquals(0, run("keys", "new", "--out", file.toString()));
    String first = Files.readString(file);
    assertEquals(1, run("keys", "new", "--out", file.toString()));
    assertTrue(err.toString().contains(file + " exists; use --force"), err.toString());
    assertEquals(first, Files.readString(file), "the key is untouched");

    assertEquals(0, run("keys", "new", "--out", file.toString(), "--force"), err.toString());
    String second = Files.readString(file);
    assertNotEquals(first, second, "a new key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void keysNewShouldNeedAnOutputFileInAnExistingDirectory(@TempDir Path dir) {
    assertEquals(2, run("keys", "new"));
    assertTrue(err.toString().contains("--out"), err.toString());
    Path nowhere = dir.resolve("missing/node.key");
    assertEquals(1, run("keys", "new", "--out", nowhere.toString()));
    assertTrue(err.toString().contains("directory " + dir.resolve("missing") + " does not exist"), err.toString());
  }

  @Test
  void aDamagedKeyFileShouldBeRefusedNamingTheField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.key");
    assertEquals(0, run("keys", "new", "--out", file.toString()));
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(file.toFile());
    Path other = dir.resolve("b.key");
    assertEquals(0, run("keys", "new", "--out", other.toString()));
    ObjectNode otherJson = (ObjectNode) new ObjectMapper().readTree(other.toFile());

    Path damaged = dir.resolve("damaged.key");
    Files.writeString(damaged, json.deepCopy().put("peerId", otherJson.get("peerId").asText()).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFile.read(damaged));
    assertTrue(e.getMessage().startsWith(damaged + ": peerId: "), e.getMessage());
    Files.writeString(damaged, json.deepCopy().put("publicKeyHex", otherJson.get("publicKeyHex").asText()).toString());
    e = assertThrows(IllegalArgumentException.class, () -> KeyFile.read(damaged));
    assertTrue(e.getMessage().startsWith(damaged + ": publicKeyHex: "), e.getMessage());
    Files.writeString(damaged, json.deepCopy().put("seedHex", "abc").toString());
    e = assertThrows(IllegalArgumentException.class, () -> KeyFile.read(damaged));
    assertTrue(e.getMessage().startsWith(damaged + ": seedHex: expected 64 hex digits"), e.getMessage());
    Files.writeString(damaged, "{}");
    e = assertThrows(IllegalArgumentException.class, () -> KeyFile.read(damaged));
    assertEquals(damaged + ": seedHex: missing", e.getMessage());
  }

  private static List<String> iterable(JsonNode json) {
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
