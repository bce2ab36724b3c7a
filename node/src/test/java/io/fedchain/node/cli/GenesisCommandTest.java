package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.ChainKey;
import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import io.fedchain.chain.state.Params;
import io.fedchain.chain.types.Roles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisCommandTest {
  private static final String TIME = "2026-11-27T12:00:00Z";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static String peer(int seed) {
    byte[] s = new byte[32];
    s[31] = (byte) seed;
    return ChainKey.fromSeed(s).id().peerId();
  }

  private List<String> base(Path file, String... more) {
    List<String> args = new ArrayList<>(List.of("genesis", "new", "--chain-id", "devnet-1", "--model", "mlp:784-32-10",
        "--init-seed", "9", "--genesis-time", TIME, "--out", file.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private int run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  @Test
  void genesisNewShouldWriteAFileThatReadsBackAndPrintItsHash(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("genesis.json");
    int code = run(base(file, "--member", peer(1) + ":trainer,validator:400", "--member", peer(2) + ":validator",
        "--member", peer(3) + ":trainer", "--member", peer(4) + ":250", "--updates-to-close", "3", "--epsilon", "0.05",
        "--aggregator", "trimmed-mean:0.10", "--codec", "int8", "--round-deadline-ms", "60000"));
    assertEquals(0, code, err.toString());
    Genesis g = GenesisJson.read(file);
    assertEquals(g.hash().toHex() + System.lineSeparator(), out.toString(), "stdout is the hash alone");
    assertEquals("devnet-1", g.chainId());
    assertEquals(Instant.parse(TIME).toEpochMilli(), g.genesisTimeMillis());
    assertEquals("mlp:784-32-10", g.modelSpec());
    assertEquals(9, g.initSeed());
    assertEquals(List.of(new Genesis.Account(ChainKey.fromSeed(seed(1)).id(), Roles.BOTH, 400, 0),
        new Genesis.Account(ChainKey.fromSeed(seed(2)).id(), new Roles(false, true), 100, 0),
        new Genesis.Account(ChainKey.fromSeed(seed(3)).id(), new Roles(true, false), 0, 0),
        new Genesis.Account(ChainKey.fromSeed(seed(4)).id(), Roles.BOTH, 250, 0)), g.members());
    assertEquals(Params.defaults().with("updatesToClose", "3").with("epsilonBp", "500")
        .with("aggregator", "trimmed-mean:0.1").with("codec", "int8").with("roundDeadlineMillis", "60000"), g.params());
  }

  @Test
  void theSameInputsShouldGiveTheSameGenesisHash(@TempDir Path dir) {
    String[] members = {"--member", peer(1), "--member", peer(2) + ":validator:50"};
    assertEquals(0, run(base(dir.resolve("a.json"), members)));
    assertEquals(0, run(base(dir.resolve("b.json"), members)));
    String[] hashes = out.toString().split(System.lineSeparator());
    assertEquals(2, hashes.length);
    assertEquals(hashes[0], hashes[1]);
    assertEquals(0, run(base(dir.resolve("c.json"), "--member", peer(1), "--member", peer(2) + ":validator:51")));
    assertTrue(!out.toString().split(System.lineSeparator())[2].equals(hashes[0]), "another stake, another chain");
  }

  @Test
  void genesisNewShouldTakeMembersFromKeyFiles(@TempDir Path dir) throws IOException {
    List<ChainKey> keys = new ArrayList<>();
    List<String> args = new ArrayList<>(base(dir.resolve("genesis.json")));
    args.add("--members-from");
    for (int i = 1; i <= 3; i++) {
      Path key = dir.resolve("node" + i + ".key");
      assertEquals(0, run("keys", "new", "--out", key.toString()), err.toString());
      keys.add(KeyFile.read(key));
      args.add(key.toString());
    }
    out.getBuffer().setLength(0);
    assertEquals(0, run(args), err.toString());
    Genesis g = GenesisJson.read(dir.resolve("genesis.json"));
    assertEquals(keys.stream().map(ChainKey::id).toList(), g.members().stream().map(Genesis.Account::id).toList());
    assertTrue(g.members().stream().allMatch(a -> a.roles().equals(Roles.BOTH) && a.stake() == 100));
    assertEquals(g.hash().toHex(), out.toString().trim());
  }

  @Test
  void badMembersShouldBeRefusedNamingTheValue(@TempDir Path dir) {
    Path file = dir.resolve("g.json");
    assertEquals(2, run(base(file, "--member", "12D3KooWnotapeer")));
    assertTrue(err.toString().contains("12D3KooWnotapeer"), err.toString());
    assertEquals(2, run(base(file, "--member", peer(1) + ":miner")));
    assertTrue(err.toString().contains("unknown role 'miner'"), err.toString());
    assertEquals(2, run(base(file, "--member", peer(1) + ":validator:-5")));
    assertTrue(err.toString().contains("the stake must be an integer >= 0, got '-5'"), err.toString());
    assertEquals(2, run(base(file, "--member", peer(1) + ":trainer")));
    assertTrue(err.toString().contains("members: no validator with stake"), err.toString());
    assertEquals(2, run(base(file, "--member", peer(1), "--member", peer(1))));
    assertTrue(err.toString().contains("the same peer id appears twice"), err.toString());
    assertEquals(2, run(base(file, "--member", peer(1), "--members-from", dir.resolve("x.key").toString())));
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    assertEquals(2, run(base(file)));
    assertTrue(err.toString().contains("--member"), err.toString());
    assertEquals(2, run(base(file, "--members-from", dir.resolve("x.key").toString())));
    assertTrue(err.toString().contains(dir.resolve("x.key") + ": no such key file"), err.toString());
    assertTrue(!Files.exists(file), "nothing written");
  }

  @Test
  void badParametersShouldBeRefusedNamingTheOption(@TempDir Path dir) {
    Path file = dir.resolve("g.json");
    String[] member = {"--member", peer(1)};
    assertEquals(2, run(base(file, concat(member, "--epsilon", "1.5"))));
    assertTrue(err.toString().contains("--epsilon") && err.toString().contains("[0, 1]"), err.toString());
    assertEquals(2, run(base(file, concat(member, "--aggregator", "fedavgg"))));
    assertTrue(err.toString().contains("--aggregator': unknown aggregator \"fedavgg\""), err.toString());
    assertEquals(2, run(base(file, concat(member, "--codec", "zip"))));
    assertTrue(err.toString().contains("--codec': bad delta codec 'zip'"), err.toString());
    assertEquals(2, run(base(file, concat(member, "--updates-to-close", "0"))));
    assertTrue(err.toString().contains("--updates-to-close': updatesToClose is 0"), err.toString());
    assertEquals(2, run(base(file, concat(member, "--round-deadline-ms", "0"))));
    assertTrue(err.toString().contains("--round-deadline-ms'"), err.toString());
    assertEquals(2, run(base(file, concat(member, "--model", "resnet"))));
    assertTrue(err.toString().contains("unknown model 'resnet'"), err.toString());
    assertEquals(2, run("genesis", "new", "--chain-id", "devnet-1", "--model", "mlp", "--init-seed", "1", "--out",
        file.toString(), "--member", peer(1), "--genesis-time", "noon"));
    assertTrue(err.toString().contains("--genesis-time': 'noon'"), err.toString());
    assertEquals(2, run("genesis", "new", "--chain-id", "Dev Net", "--model", "mlp", "--init-seed", "1", "--out",
        file.toString(), "--member", peer(1)));
    assertTrue(err.toString().contains("chainId 'Dev Net'"), err.toString());
    assertTrue(!Files.exists(file), "nothing written");
  }

  @Test
  void genesisNewShouldRefuseToOverwriteUnlessForced(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("g.json");
    assertEquals(0, run(base(file, "--member", peer(1))));
    String first = Files.readString(file);
    assertEquals(1, run(base(file, "--member", peer(2))));
    assertTrue(err.toString().contains(file + " exists; use --force"), err.toString());
    assertEquals(first, Files.readString(file));
    assertEquals(0, run(base(file, "--member", peer(2), "--force")), err.toString());
    assertEquals(ChainKey.fromSeed(seed(2)).id(), GenesisJson.read(file).members().get(0).id());
  }

  @Test
  void genesisShowShouldPrintWhatTheFileHolds(@TempDir Path dir) {
    Path file = dir.resolve("genesis.json");
    assertEquals(0, run(base(file, "--member", peer(1) + ":trainer,validator:400", "--member", peer(3) + ":trainer",
        "--updates-to-close", "3")));
    Genesis g = GenesisJson.read(file);
    out.getBuffer().setLength(0);
    assertEquals(0, run("genesis", "show", file.toString()), err.toString());
    String text = out.toString();
    assertTrue(text.contains("chain id      devnet-1"), text);
    assertTrue(text.contains("genesis time  " + TIME), text);
    assertTrue(text.contains("model         mlp:784-32-10 (initial weights from seed 9)"), text);
    assertTrue(text.contains("hash          " + g.hash().toHex()), text);
    assertTrue(text.contains("members       2 (validator stake 400)"), text);
    assertTrue(text.matches("(?s).*" + peer(1) + " +trainer,validator +stake 400 +balance 0.*"), text);
    assertTrue(text.matches("(?s).*" + peer(3) + " +trainer +stake 0 +balance 0.*"), text);
    assertTrue(text.matches("(?s).*updatesToClose +3\\R.*"), text);
    assertTrue(text.matches("(?s).*aggregator +fedavg\\R.*"), text);
  }

  @Test
  void genesisShowShouldFailOnABadFileNamingTheFileTheFieldAndTheReason(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("genesis.json");
    assertEquals(0, run(base(file, "--member", peer(1))));
    String good = Files.readString(file);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, good.replace("\"fedavg\"", "\"fedavgg\""));
    assertEquals(1, run("genesis", "show", bad.toString()));
    assertTrue(err.toString().contains("error: " + bad + ": fl.aggregator: unknown aggregator \"fedavgg\""),
        err.toString());
    Files.writeString(bad, good.replace("\"validator\"", "\"miner\""));
    assertEquals(1, run("genesis", "show", bad.toString()));
    assertTrue(err.toString().contains(bad + ": members[0].roles: unknown role 'miner'"), err.toString());
    Files.writeString(bad, good.replace("\"chainId\"", "\"chainID\""));
    assertEquals(1, run("genesis", "show", bad.toString()));
    assertTrue(err.toString().contains(bad + ": chainID: unknown field"), err.toString());
    assertEquals(1, run("genesis", "show", dir.resolve("none.json").toString()));
    assertTrue(err.toString().contains(dir.resolve("none.json") + ": no such file"), err.toString());
  }

  @Test
  void helpShouldListTheCommands() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("keys") && out.toString().contains("genesis"), out.toString());
    assertEquals(0, run("genesis", "new", "--help"));
    for (String option : new String[] {"--chain-id", "--member", "--members-from", "--model", "--init-seed",
        "--updates-to-close", "--epsilon", "--aggregator", "--codec", "--round-deadline-ms", "--out"}) {
      assertTrue(out.toString().contains(option), option);
    }
  }

  private static byte[] seed(int i) {
    byte[] s = new byte[32];
    s[31] = (byte) i;
    return s;
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
