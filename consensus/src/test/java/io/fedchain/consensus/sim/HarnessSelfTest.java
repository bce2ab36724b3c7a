package io.fedchain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The harness itself: a seed replays the same run, and the checker catches a broken validator. */
class HarnessSelfTest {

  @Test
  void aSeedShouldReplayTheSameRunOnAnyThread() throws Exception {
    for (long seed : new long[] {21, 97, 390}) {
      Simulation first = new Simulation(Scenario.random(seed)).run();
      Simulation second = CompletableFuture.supplyAsync(() -> new Simulation(Scenario.random(seed)).run()).get();
      assertEquals(first.fingerprint(), second.fingerprint(), "seed " + seed);
      assertEquals(first.summary(), second.summary(), "seed " + seed);
    }
  }

  /** A validator whose WAL does not survive its crash signs conflicting votes after the restart. */
  @Test
  void theCheckerShouldCatchDoubleSigningWhenTheWalIsLost() {
    List<String> found = new ArrayList<>();
    for (long seed = 1; seed <= 60 && found.isEmpty(); seed++) {
      Scenario scenario = Scenario.random(seed);
      if (scenario.crashes().stream().noneMatch(c -> c.restart() >= 0)) {
        continue;
      }
      for (String v : Invariants.check(new Simulation(scenario, false).run())) {
        if (v.startsWith("(e)")) {
          found.add("seed " + seed + ": " + v);
        }
      }
    }
    assertTrue(!found.isEmpty(), "no run with a lost WAL was caught double-signing");
  }
}
