package io.fedchain.consensus.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random simulations (issue 5, "What it must show" 1): 4 to 10 validators with random
 * stakes, byzantine stake below 1/3, crashes, restarts, partitions, delay, reordering and loss.
 * Every run must hold {@link Invariants}. {@code -Dconsensus.seed=N} runs seed N only;
 * {@code -Dconsensus.seeds=COUNT} changes how many seeds run (default 500, from 1).
 */
@Execution(ExecutionMode.CONCURRENT)
class RandomSimulationTest {

  static LongStream seeds() {
    String one = System.getProperty("consensus.seed");
    if (one != null && !one.isBlank()) {
      return LongStream.of(Long.parseLong(one.trim()));
    }
    int count = Integer.getInteger("consensus.seeds", 500);
    return LongStream.rangeClosed(1, count);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyRunShouldHoldTheInvariants(long seed) {
    Scenario scenario = Scenario.random(seed);
    Simulation sim = new Simulation(scenario).run();
    List<String> violations = Invariants.check(sim);
    if (!violations.isEmpty()) {
      fail("simulation " + scenario + "\n  " + sim.summary() + "\n  violated:\n    " + String.join("\n    ", violations)
          + "\n  replay: mvn -B -o -q -pl consensus test -Dtest=RandomSimulationTest -Dconsensus.seed=" + seed);
    }
  }
}
