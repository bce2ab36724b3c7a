package io.fedchain.learning.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.learning.attack.Attack;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.dp.DpConfig;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.score.VerdictRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short simulations on real Fashion-MNIST (all 60k training samples, a narrow MLP, 3 rounds) that
 * show the filter's effect on attacks and the run's determinism. Validation slices need their real
 * size (~600 samples per client): on a small slice one sample is more than epsilon. `make test`
 * ensures the data is present.
 */
class SimulationTest {
  private static Dataset train;
  private static Dataset test;

  @BeforeAll
  static void load() {
    FashionMnist fm = FashionMnist.locate(Optional.empty());
    train = fm.train();
    test = fm.test().head(2000);
  }

  private static SimulationConfig.Builder small() {
    return SimulationConfig.builder().clients(10).model(ModelSpec.parse("mlp:784-32-10")).rounds(3)
        .threads(2).seed(3);
  }

  private static SimulationReport run(SimulationConfig cfg) {
    return new Simulation(cfg, train, test).run(new Simulation.Listener() {});
  }

  @Test
  void sameSeedShouldGiveTheSameModelsWhateverTheThreadCount() {
    SimulationConfig cfg = small().rounds(2).limits(8000, 0).filter(Optional.of(VerdictRule.parse("loo:0.02")))
        .attack(2, Optional.of(Attack.parse("alie"))).build();
    SimulationReport a = run(cfg);
    SimulationReport b = run(cfg.toBuilder().threads(1).build());
    assertEquals(a.rounds().stream().map(RoundResult::modelHash).toList(),
        b.rounds().stream().map(RoundResult::modelHash).toList());
    assertEquals(a.rounds().get(1).testAccuracy(), b.rounds().get(1).testAccuracy());
    assertArrayEquals(a.attackers(), b.attackers());
    SimulationReport c = run(cfg.toBuilder().seed(4).build());
    assertTrue(!c.last().modelHash().equals(a.last().modelHash()), "another seed, another model");
  }

  @Test
  void filterShouldKeepSignFlippedUpdatesOutWhereFedAvgCollapses() {
    SimulationConfig attacked = small().attack(3, Optional.of(Attack.parse("sign-flip:5"))).build();
    SimulationReport plain = run(attacked);
    SimulationReport filtered = run(attacked.toBuilder().filter(Optional.of(VerdictRule.parse("loo:0.02"))).build());
    assertTrue(plain.last().testAccuracy() < 0.3, "FedAvg under sign-flip x5: " + plain.last().testAccuracy());
    assertEquals(0, filtered.maliciousAcceptanceRate(), "attackers' updates accepted");
    assertTrue(filtered.last().testAccuracy() > 0.6, "filtered accuracy " + filtered.last().testAccuracy());
  }

  @Test
  void filterShouldRejectMostLabelFlippedUpdates() {
    SimulationConfig attacked = small().rounds(6).attack(3, Optional.of(Attack.parse("label-flip")))
        .filter(Optional.of(VerdictRule.parse("loo:0.02"))).build();
    SimulationReport filtered = run(attacked);
    // In the first rounds, from a model near chance, every update moves the model a lot and the
    // validators' verdicts are noisy; from round 3 on a label-flipped update is clearly worse.
    long lateMalicious = filtered.updates().stream().filter(u -> u.attacker() && u.round() > 2 && u.accepted()).count();
    assertEquals(0, lateMalicious, "label-flipped updates accepted after round 2");
    assertTrue(filtered.last().testAccuracy() > 0.75, "filtered accuracy " + filtered.last().testAccuracy());
  }

  @Test
  void withoutAttackersTheFilterShouldAcceptMostHonestUpdates() {
    SimulationReport r = run(small().filter(Optional.of(VerdictRule.parse("loo:0.02"))).build());
    assertTrue(r.honestRejectionRate() < 0.2, "honest rejection rate " + r.honestRejectionRate());
  }

  @Test
  void dpShouldReportGrowingEpsilon() {
    SimulationReport r = run(small().limits(8000, 0).dp(Optional.of(DpConfig.parse("clip=2,noise=1"))).build());
    double previous = 0;
    for (RoundResult round : r.rounds()) {
      assertTrue(round.dpEpsilon() > previous, "epsilon " + round.dpEpsilon() + " after " + previous);
      previous = round.dpEpsilon();
    }
  }

  @Test
  void reportShouldWriteCsvAndChart(@TempDir Path dir) throws IOException {
    SimulationReport r = run(small().rounds(2).limits(8000, 0).build());
    r.writeTo(dir);
    List<String> rounds = Files.readAllLines(dir.resolve("rounds.csv"));
    assertTrue(rounds.get(0).startsWith("round,test_accuracy,test_loss,accepted,rejected,"), rounds.get(0));
    assertTrue(rounds.get(0).contains(",seconds"), rounds.get(0));
    assertEquals(3, rounds.size());
    assertTrue(rounds.get(2).startsWith("2,"), rounds.get(2));
    assertEquals(1 + 2 * 10, Files.readAllLines(dir.resolve("updates.csv")).size());
    byte[] png = Files.readAllBytes(dir.resolve("accuracy.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG");
  }
}
