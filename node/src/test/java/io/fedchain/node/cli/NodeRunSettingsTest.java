package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.node.NodeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of {@code node run}: CLI over FEDCHAIN_* environment over the YAML file; errors name the source. */
class NodeRunSettingsTest {
  @TempDir
  Path dir;

  private Settings settings(String yaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("node.yaml");
    Files.writeString(f, yaml);
    return Settings.load(Optional.of(f), env, NodeRunCommand.KEYS);
  }

  @Test
  void cliBeatsEnvironmentWhichBeatsTheFile() throws Exception {
    Settings s = settings("home: /from/yaml\nhttp: 127.0.0.1:1111\nepochs: 3\nlr: 0.5\n",
        Map.of("FEDCHAIN_HTTP", "127.0.0.1:2222", "FEDCHAIN_EPOCHS", "4"));
    s.cli("epochs", "5");
    NodeConfig c = NodeRunCommand.config(s);
    assertEquals(Path.of("/from/yaml"), c.home());
    assertEquals(2222, c.http().orElseThrow().getPort(), "environment over file");
    assertEquals(5, c.training().epochs(), "command line over environment");
    assertEquals(0.5f, c.training().learningRate(), "file when nothing else");
    assertEquals(500, c.commitDelayMillis(), "default");
  }

  @Test
  void peersComeAsAYamlListOrACommaSeparatedVariable() throws Exception {
    String a = "/ip4/127.0.0.1/tcp/9001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    Settings s = settings("home: h\npeers:\n  - " + a + "\n  - " + a.replace("9001", "9002") + "\n", Map.of());
    assertEquals(2, NodeRunCommand.config(s).peers().size());
    Settings e = settings("home: h\n", Map.of("FEDCHAIN_PEERS", a + "," + a.replace("9001", "9003")));
    assertEquals(9003, NodeRunCommand.config(e).peers().get(1).port());
  }

  @Test
  void badValuesNameTheirSourceAndTheExpectedForm() throws Exception {
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> NodeRunCommand.config(settings("home: h\n", Map.of("FEDCHAIN_HTTP", "nowhere"))));
    assertTrue(env.getMessage().startsWith("FEDCHAIN_HTTP = 'nowhere': expected HOST:PORT"), env.getMessage());
    IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
        () -> NodeRunCommand.config(settings("home: h\nepochs: many\n", Map.of())));
    assertTrue(file.getMessage().contains("node.yaml: epochs = 'many': expected a positive integer"), file.getMessage());
    IllegalArgumentException peer = assertThrows(IllegalArgumentException.class,
        () -> NodeRunCommand.config(settings("home: h\npeers: /ip4/127.0.0.1/tcp/9001\n", Map.of())));
    assertTrue(peer.getMessage().contains("needs its peer id"), peer.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> settings("home: h\nlisten-port: 3\n", Map.of()));
    assertTrue(unknown.getMessage().contains("unknown setting 'listen-port'"), unknown.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> NodeRunCommand.config(settings("http: off\n", Map.of())));
    assertTrue(missing.getMessage().contains("missing setting 'home'"), missing.getMessage());
  }

  @Test
  void nodeRunHelpListsEverySettingAndAMissingKeyFileIsAClearError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "node", "run", "--help"));
    for (String k : NodeRunCommand.KEYS) {
      assertTrue(out.toString().contains("--" + k), "--help shows --" + k);
    }
    int code = FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "node", "run", "--home",
        dir.resolve("h").toString(), "--key", dir.resolve("absent.json").toString(), "--genesis", "g.json");
    assertEquals(1, code);
    assertTrue(err.toString().contains("absent.json: no such key file"), err.toString());
  }
}
