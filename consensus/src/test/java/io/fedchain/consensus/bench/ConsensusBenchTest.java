package io.fedchain.consensus.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.Hash32;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it claims to: blocks committed alike by every validator, carrying the updates asked for. */
class ConsensusBenchTest {

  @Test
  void fourValidatorsShouldCommitThreeIdenticalBlocksInRoundZero() {
    ConsensusBench.Result r = ConsensusBench.run(new ConsensusBench.Config(4, 3, 0, "softmax:16-2", 20, 1));

    assertEquals(3, r.blocks());
    assertEquals(4, r.hashes().size());
    for (List<Hash32> h : r.hashes()) {
      assertEquals(r.hashes().get(0), h);
    }
    assertEquals(3, new HashSet<>(r.hashes().get(0)).size());
    assertTrue(r.agreed());
    assertEquals(0, r.highestRound(), "no timeout on a network without delay or faults");
    assertEquals(0, r.evidence());
    assertArrayEquals(new int[] {0, 0, 0}, r.updatesPerBlock());
  }

  @Test
  void everyBlockShouldCarryTheUpdatesAskedFor() {
    ConsensusBench.Result r = ConsensusBench.run(new ConsensusBench.Config(4, 3, 2, "mlp:16-8-2", 20, 2));

    assertTrue(r.agreed());
    assertArrayEquals(new int[] {2, 2, 2}, r.updatesPerBlock(), "judged and included by the proposer, every block");
    assertEquals(0, r.highestRound());
  }

  @Test
  void tableShouldHaveARowPerSetup() {
    ConsensusBench.Result r = ConsensusBench.run(new ConsensusBench.Config(4, 2, 0, "softmax:16-2", 20, 3));

    List<String> t = ConsensusBench.table(List.of(List.of(r), List.of(r, r)));

    assertEquals(4, t.size());
    assertTrue(t.get(2).startsWith("| 4 | 0 | 1 x 2 |"), t.get(2));
    assertTrue(t.get(3).startsWith("| 4 | 0 | 2 x 2 |") && t.get(3).endsWith("| 0 | yes |"), t.get(3));
  }
}
