package io.fedchain.chain.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.crypto.Hash32;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The genesis file: the documented example, and every kind of bad field reported with its path. */
class GenesisJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The example of the module's README, so the documentation cannot drift from the parser. */
  static String documentedExample() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("## Genesis file\\s+```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README.md has no json example under '## Genesis file'");
    return m.group(1);
  }

  @Test
  void theDocumentedExampleShouldParseAndRoundTrip(@TempDir Path dir) throws IOException {
    Genesis g = GenesisJson.parse(documentedExample(), "README.md");
    assertEquals("fedchain-devnet", g.chainId());
    assertEquals(java.time.Instant.parse("2026-11-27T12:00:00Z").toEpochMilli(), g.genesisTimeMillis());
    assertEquals("mlp:784-128-10", g.modelSpec());
    assertEquals(3, g.members().size());
    assertEquals(new Genesis.Account(ChainKey.fromSeed(seed(1)).id(), Roles.BOTH, 100, 0), g.members().get(0));
    assertEquals(new Genesis.Account(ChainKey.fromSeed(seed(2)).id(), new Roles(false, true), 100, 0),
        g.members().get(1));
    assertEquals(new Roles(true, false), g.members().get(2).roles());
    assertEquals(50, g.members().get(2).balance());
    assertEquals(Params.defaults(), g.params(), "the example spells out the defaults");
    Path file = dir.resolve("genesis.json");
    Files.writeString(file, GenesisJson.write(g));
    Genesis again = GenesisJson.read(file);
    assertEquals(g, again);
    assertEquals(g.hash(), again.hash());
    assertEquals(GenesisJson.write(g), GenesisJson.write(again), "writing is stable");
  }

  @Test
  void sectionsMayBeLeftOutAndTakeTheDefaults() throws IOException {
    ObjectNode root = example();
    for (String s : List.of("fl", "rewards", "staking", "governance", "consensus")) {
      root.remove(s);
    }
    ((ObjectNode) root.putObject("fl")).put("updatesToClose", 7);
    Genesis g = GenesisJson.parse(root.toString(), "partial");
    assertEquals(Params.defaults().with("updatesToClose", "7"), g.params());
  }

  @Test
  void theHashShouldIdentifyTheChain() throws IOException {
    Genesis g = GenesisJson.parse(documentedExample(), "a");
    ObjectNode other = example();
    ((ObjectNode) other.get("model")).put("initSeed", 2);
    Genesis h = GenesisJson.parse(other.toString(), "b");
    assertEquals(g.chainId(), h.chainId());
    assertTrue(!g.hash().equals(h.hash()), "same chain id, different genesis: different chains");
    assertEquals(Hash32.sha256(Genesis.CODEC.encode(g)), g.hash());
  }

  // --- bad files: each names the source, the field's path and the reason ---------------------------

  private static ObjectNode example() throws IOException {
    return (ObjectNode) JSON.readTree(documentedExample());
  }

  private static ObjectNode member(ObjectNode root, int i) {
    return (ObjectNode) root.get("members").get(i);
  }

  private static void assertBad(String expected, Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = example();
    change.accept(root);
    GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse(root.toString(),
        "genesis.json"));
    assertTrue(e.getMessage().startsWith("genesis.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void aMissingOrBadChainIdShouldBeNamed() throws IOException {
    assertBad("chainId: missing", r -> r.remove("chainId"));
    assertBad("chainId: expected a non-empty string", r -> r.put("chainId", 5));
    assertBad("chainId 'Dev Net' must be 1-64 characters", r -> r.put("chainId", "Dev Net"));
  }

  @Test
  void aBadPeerIdShouldBeNamedWithItsIndex() throws IOException {
    assertBad("members[1].peerId: 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N' is not the peer id of an Ed25519"
        + " key", r -> member(r, 1).put("peerId", "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
    assertBad("members[0].peerId: '12D3KooW0' is not base58", r -> member(r, 0).put("peerId", "12D3KooW0"));
    assertBad("members[2].peerId: missing", r -> member(r, 2).remove("peerId"));
    assertBad("members: the same peer id appears twice", r -> member(r, 1).put("peerId",
        member(r, 0).get("peerId").asText()));
  }

  @Test
  void anUnknownRoleShouldBeNamed() throws IOException {
    assertBad("members[0].roles: unknown role 'miner' (expected trainer or validator)",
        r -> ((ArrayNode) member(r, 0).get("roles")).add("miner"));
    assertBad("members[1].roles: expected an array", r -> member(r, 1).put("roles", "validator"));
  }

  @Test
  void aNegativeOrNonIntegerStakeShouldBeNamed() throws IOException {
    assertBad("members[0].stake: expected an integer >= 0, got -5", r -> member(r, 0).put("stake", -5));
    assertBad("members[2].balance: expected an integer >= 0, got -1", r -> member(r, 2).put("balance", -1));
    assertBad("members[0].stake: expected an integer", r -> member(r, 0).put("stake", 1.5));
    assertBad("members[0].stake: expected an integer", r -> member(r, 0).put("stake", "100"));
    assertBad("members[0].stake: missing", r -> member(r, 0).remove("stake"));
  }

  @Test
  void anUnknownFieldShouldBeNamedAnywhere() throws IOException {
    assertBad("colour: unknown field", r -> r.put("colour", "blue"));
    assertBad("fl.updatesToCLose: unknown field", r -> ((ObjectNode) r.get("fl")).put("updatesToCLose", 3));
    assertBad("members[1].weight: unknown field", r -> member(r, 1).put("weight", 3));
    assertBad("model.seed: unknown field", r -> ((ObjectNode) r.get("model")).put("seed", 3));
    assertBad("rewards.epsilon: unknown field", r -> ((ObjectNode) r.get("rewards")).put("epsilon", 0.1));
  }

  @Test
  void aBadEpsilonShouldBeNamed() throws IOException {
    for (Object bad : List.of(1.5, -0.01, "0.02")) {
      assertBad("fl.epsilon: expected an accuracy difference in [0, 1]", r -> {
        if (bad instanceof String s) {
          ((ObjectNode) r.get("fl")).put("epsilon", s);
        } else {
          ((ObjectNode) r.get("fl")).put("epsilon", (Double) bad);
        }
      });
    }
  }

  @Test
  void aBadParameterShouldBeNamedWithItsSection() throws IOException {
    assertBad("fl.aggregator: unknown aggregator \"fedavgg\"", r -> ((ObjectNode) r.get("fl"))
        .put("aggregator", "fedavgg"));
    assertBad("fl.aggregator: bad aggregator \"trimmed-mean:0.7\"", r -> ((ObjectNode) r.get("fl"))
        .put("aggregator", "trimmed-mean:0.7"));
    assertBad("fl.codec: bad delta codec 'zip'", r -> ((ObjectNode) r.get("fl")).put("codec", "zip"));
    assertBad("fl.verdictRule: unknown verdict rule", r -> ((ObjectNode) r.get("fl")).put("verdictRule", "vibes"));
    assertBad("fl.updatesToClose: updatesToClose is 0, expected at least 1", r -> ((ObjectNode) r.get("fl"))
        .put("updatesToClose", 0));
    assertBad("fl.updatesToClose: parameter updatesToClose takes an integer, got '2.5'",
        r -> ((ObjectNode) r.get("fl")).put("updatesToClose", 2.5));
    assertBad("rewards.slashBp: slashBp is 20000, expected in [0, 10000]", r -> ((ObjectNode) r.get("rewards"))
        .put("slashBp", 20000));
    assertBad("consensus.voteTimeoutMillis: voteTimeoutMillis is 0", r -> ((ObjectNode) r.get("consensus"))
        .put("voteTimeoutMillis", 0));
    assertBad("staking: expected an object", r -> r.put("staking", 5));
    assertBad("fl.codec: expected a number or a string", r -> ((ObjectNode) r.get("fl")).putArray("codec"));
  }

  @Test
  void noValidatorWithStakeShouldBeRefused() throws IOException {
    assertBad("members: no validator with stake", r -> {
      member(r, 0).put("stake", 0);
      member(r, 1).put("stake", 0);
    });
    assertBad("members: no validator with stake", r -> {
      ((ArrayNode) member(r, 0).putArray("roles")).add("trainer");
      ((ArrayNode) member(r, 1).putArray("roles")).add("trainer");
    });
    assertBad("members: a chain needs at least one member", r -> r.putArray("members"));
    assertBad("members: expected an array of members", r -> r.remove("members"));
  }

  @Test
  void aBadTimeModelOrSyntaxShouldBeNamed() throws IOException {
    assertBad("genesisTime: 'yesterday' is not an ISO-8601 instant", r -> r.put("genesisTime", "yesterday"));
    assertBad("genesisTime 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z",
        r -> r.put("genesisTime", "1969-12-31T23:59:59Z"));
    assertBad("model.spec: unknown model 'resnet'", r -> ((ObjectNode) r.get("model")).put("spec", "resnet"));
    assertBad("model.initSeed: expected an integer", r -> ((ObjectNode) r.get("model")).put("initSeed", "one"));
    assertBad("model: missing", r -> r.remove("model"));
    GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.parse("{\"chainId\": ", "g.json"));
    assertTrue(e.getMessage().startsWith("g.json: not valid JSON at line 1"), e.getMessage());
  }

  @Test
  void aMissingFileShouldBeNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    GenesisException e = assertThrows(GenesisException.class, () -> GenesisJson.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  private static byte[] seed(int i) {
    byte[] s = new byte[32];
    s[31] = (byte) i;
    return s;
  }
}
