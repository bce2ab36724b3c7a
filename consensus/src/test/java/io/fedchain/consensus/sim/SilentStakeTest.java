package io.fedchain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.types.Vote;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quorums are weighted by stake, not by heads (issue 5, "What it must show" 3): four honest
 * validators, one of which stops sending anything at {@link #SILENT_AT}. With 40% of the stake
 * the other 60% cannot reach more than 2/3: the chain halts, and safely. With 30% the other 70%
 * can: the chain keeps committing.
 */
class SilentStakeTest {
  private static final long SILENT_AT = 2_000;
  private static final long AFTER = 15_000;

  private static Scenario scenario(long seed, long[] stakes) {
    return new Scenario(seed, stakes, new TreeMap<Integer, Set<Scenario.Behaviour>>(), 2, Set.of(), 2, 5, 40, 3,
        List.of(), List.of(), List.of(new Scenario.Silence(0, SILENT_AT)), SILENT_AT, AFTER, 5);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void shouldHaltWhenFortyPercentOfTheStakeGoesSilent(long seed) {
    Scenario scenario = scenario(seed, new long[] {40, 20, 20, 20});
    Simulation sim = new Simulation(scenario);
    sim.start();
    sim.runUntil(SILENT_AT - 1);
    long heightAtSilence = sim.maxHonestHeight();
    assertTrue(heightAtSilence >= 3, "the chain should commit before the silence: " + sim.summary());
    // A block that the silent validator precommitted before its silence may still commit after
    // it (its precommit was on the way); no later one may.
    long lastPrecommitted = sim.nodes.get(0).sentVotes.stream()
        .filter(v -> v.step() == Vote.Step.PRECOMMIT && !v.isNil()).mapToLong(Vote::height).max().orElse(0);
    sim.runUntil(SILENT_AT + AFTER);

    assertEquals(List.of(), Invariants.check(sim), sim.summary());
    long limit = Math.max(heightAtSilence, lastPrecommitted);
    for (SimNode n : sim.nodes) {
      // The silent validator still hears the others: it may commit the one height that its own
      // (unsent) precommit completes, and no further, since the others never do.
      long allowed = n.index == 0 ? limit + 1 : limit;
      assertTrue(n.height() <= allowed, "v" + n.index + " committed height " + n.height() + " after 40% of the stake"
          + " went silent at height " + heightAtSilence + " (its last precommit: height " + lastPrecommitted + "): "
          + sim.summary());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void shouldKeepCommittingWhenThirtyPercentOfTheStakeGoesSilent(long seed) {
    Scenario scenario = scenario(seed, new long[] {30, 25, 25, 20});
    Simulation sim = new Simulation(scenario).run();

    assertEquals(List.of(), Invariants.check(sim), sim.summary());
    assertTrue(sim.livenessReachedAt > 0, sim.summary());
    for (SimNode n : sim.liveHonest()) {
      assertTrue(n.height() >= sim.heightAtStable + scenario.livenessHeights(),
          "v" + n.index + " at height " + n.height() + ": " + sim.summary());
    }
  }
}
