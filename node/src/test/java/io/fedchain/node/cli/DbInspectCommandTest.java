package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedchain.chain.types.Block;
import io.fedchain.learning.model.Parameters;
import io.fedchain.storage.RocksDbKvStore;
import io.fedchain.storage.chain.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbInspectCommandTest {
  @TempDir
  static Path home;
  static TestChainHome chain;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void buildChain() throws Exception {
    chain = TestChainHome.create(home);
  }

  private int run(String... args) {
    return FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldSummariseTheDatabaseAsText() {
    assertEquals(0, run("db", "inspect", "--home", home.toString()), err.toString());
    String text = out.toString();
    Block head = chain.blocks.get(TestChainHome.HEAD - 1);
    assertTrue(text.contains("chain id         " + TestChainHome.CHAIN_ID), text);
    assertTrue(text.contains("genesis          " + chain.genesis.hash().toHex()), text);
    assertTrue(text.contains("head             height " + TestChainHome.HEAD + ", block " + head.hash().toHex()), text);
    assertTrue(text.contains("blocks           5 (the genesis and 4 committed)"), text);
    assertTrue(text.contains("latest model     version 2 (set by block 4), sha256 "
        + Parameters.hex(Parameters.sha256(chain.models.get(2)))), text);
    assertTrue(text.contains("deltas           4 stored, 4 included"), text);
    assertTrue(text.contains("model versions   3"), text);
    assertTrue(text.contains("WAL records      " + TestChainHome.WAL_RECORDS), text);
    assertTrue(text.contains("validators       4 at the head, total stake 400"), text);
    for (var k : chain.keys) {
      assertTrue(text.contains(k.id().peerId()), "validator " + k.id().peerId() + " listed: " + text);
    }
  }

  @Test
  void shouldSummariseTheDatabaseAsJson() throws IOException {
    assertEquals(0, run("db", "inspect", "--home", home.toString(), "--json"), err.toString());
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertEquals(TestChainHome.CHAIN_ID, j.get("chainId").asText());
    assertEquals(TestChainHome.HEAD, j.get("head").get("height").asLong());
    assertEquals(5, j.get("counts").get("blocks").asLong());
    assertEquals(4, j.get("counts").get("deltasStored").asLong());
    assertEquals(5, j.get("counts").get("states").asLong());
    assertEquals(3, j.get("counts").get("modelVersions").asLong());
    assertEquals(TestChainHome.WAL_RECORDS, j.get("counts").get("walRecords").asLong());
    assertEquals(2, j.get("latestModel").get("version").asLong());
    assertEquals(4, j.get("validators").size());
    assertEquals(0.25, j.get("validators").get(0).get("share").asDouble(), 1e-9);
    assertTrue(j.get("bytesOnDisk").asLong() > 0);
  }

  @Test
  void shouldShowABlockWithItsUpdatesAndCommit() throws IOException {
    Block b3 = chain.blocks.get(2);
    assertEquals(0, run("db", "inspect", "--home", home.toString(), "--height", "3", "--json"), err.toString());
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertEquals(3, j.get("height").asLong());
    assertEquals(b3.hash().toHex(), j.get("hash").asText());
    assertEquals(b3.header().parentHash().toHex(), j.get("parent").asText());
    assertEquals(b3.header().proposer().peerId(), j.get("proposer").asText());
    assertEquals(2, j.get("transactionsByKind").get("update").asInt());
    JsonNode u = j.get("updates").get(0);
    assertEquals(chain.keys.get(2).id().peerId(), u.get("trainer").asText());
    assertEquals(b3.body().updates().get(0).deltaHash().toHex(), u.get("deltaHash").asText());
    assertEquals(130, u.get("samples").asLong());
    assertEquals(1.0, u.get("acceptedStakeShare").asDouble(), 1e-9);
    assertEquals(4, j.get("commit").get("signers").size());
    assertEquals(1.0, j.get("commit").get("share").asDouble(), 1e-9);

    out.getBuffer().setLength(0);
    assertEquals(0, run("db", "inspect", "--home", home.toString(), "--height", "3"), err.toString());
    String text = out.toString();
    assertTrue(text.contains("hash             " + b3.hash().toHex()), text);
    assertTrue(text.contains("transactions     2 (update 2)"), text);
    assertTrue(text.contains("commit           round 0, 4 signers, stake 400 of 400 (100.00%)"), text);
  }

  @Test
  void heightZeroShouldShowTheGenesis() {
    assertEquals(0, run("db", "inspect", "--home", home.toString(), "--height", "0"), err.toString());
    assertTrue(out.toString().contains("hash             " + chain.genesis.hash().toHex()), out.toString());
  }

  @Test
  void aHeightAboveTheHeadShouldFailNamingTheRange() {
    assertEquals(1, run("db", "inspect", "--home", home.toString(), "--height", "9"));
    assertTrue(err.toString().contains("--height 9") && err.toString().contains("0 (the genesis) to 4"),
        err.toString());
  }

  @Test
  void aMissingHomeShouldFailNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope");
    assertEquals(1, run("db", "inspect", "--home", missing.toString()));
    assertTrue(err.toString().contains("--home " + missing + " does not exist"), err.toString());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aDatabaseInUseShouldSaySoWithoutAStackTrace() {
    try (RocksDbKvStore running = RocksDbKvStore.open(home.resolve("db"), Schema.DEFINITION)) {
      assertEquals(1, run("db", "inspect", "--home", home.toString()));
      assertTrue(err.toString().contains("the database at " + home.resolve("db").toAbsolutePath().normalize()
          + " is in use (is a node running on it? stop it or use its HTTP API)"), err.toString());
      assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
      assertEquals(1, run("model", "export", "--home", home.toString(), "--format", "csv", "--out",
          home.resolve("m.csv").toString()));
      assertTrue(err.toString().contains("is in use"), err.toString());
    }
  }
}
