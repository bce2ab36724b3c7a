package io.fedchain.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ManifestTest {
  private static Manifest parse(String yaml) {
    return Manifest.parse(new Yaml().load(yaml));
  }

  private static String error(String yaml) {
    return assertThrows(IllegalArgumentException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void theDefaultManifestIsFourEqualNodesThatTrainAndValidate() {
    Manifest m = Manifest.read(Path.of("manifests/default.yaml"));
    assertEquals(4, m.nodes().size());
    assertTrue(m.nodes().stream().allMatch(n -> n.stake() == 100 && n.roles().trainer() && n.roles().validator()));
    assertEquals("dirichlet:0.5", m.partition());
    assertEquals(20, m.rounds());
  }

  @Test
  void attackersAndPerturbationsAttachToNamedNodes() {
    Manifest m = parse("nodes: 5\nattackers: [{node: node4, attack: sign-flip:5}]\n"
        + "perturbations: [{node: node1, action: pause, round: 3, duration-rounds: 2}]\n");
    assertEquals("sign-flip:5", m.node("node4").attack());
    assertEquals(List.of(new Manifest.Perturbation("node1", Manifest.Action.PAUSE, 3, 2)), m.perturbations());
  }

  @Test
  void badValuesNameTheKeyAndTheExpectedForm() {
    assertTrue(error("nodez: 4").contains("unknown key 'nodez'"));
    assertTrue(error("rounds: many").contains("rounds: 'many' is not an integer"));
    assertTrue(error("partition: zipf").contains("partition: 'zipf': expected iid, dirichlet:<alpha> or classes:<k>"));
    assertTrue(error("attackers: [{node: node9, attack: label-flip}]").contains("no node named [node9]"));
    assertTrue(error("attackers: [{node: node0, attack: teleport}]").contains("attackers.node0.attack"));
    assertTrue(error("perturbations: [{node: node0, action: explode, round: 1}]").contains("expected kill, pause"));
    assertTrue(error("params: {updatesToClose: x}").startsWith("params.updatesToClose"));
    assertTrue(error("validation: global").contains("expected iid"));
    assertTrue(error(Map.of("nodes", List.of(Map.of("name", "a"), Map.of("name", "a"))).toString()
        .replace("=", ": ")).contains("appears twice"));
  }
}
