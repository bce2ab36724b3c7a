package io.fedchain.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedchain.chain.crypto.MemberId;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProposerRotationTest {
  private static MemberId id(int i) {
    return ChainDriver.key(i).id();
  }

  private static SortedMap<MemberId, Long> validators(long... stakes) {
    SortedMap<MemberId, Long> v = new TreeMap<>();
    for (int i = 0; i < stakes.length; i++) {
      v.put(id(i + 1), stakes[i]);
    }
    return v;
  }

  /** Who proposes at each of {@code heights} heights, each decided in round 0. */
  private static Map<MemberId, Integer> counts(SortedMap<MemberId, Long> v, int heights) {
    SortedMap<MemberId, Long> p = ProposerRotation.reconcile(new TreeMap<>(), v);
    Map<MemberId, Integer> counts = new HashMap<>();
    for (int h = 0; h < heights; h++) {
      counts.merge(ProposerRotation.proposer(p, v, 0), 1, Integer::sum);
      p = ProposerRotation.reconcile(ProposerRotation.advance(p, v, 1), v);
    }
    return counts;
  }

  @Test
  void shouldProposeInProportionToStake() {
    SortedMap<MemberId, Long> v = validators(10, 20, 30, 40);
    Map<MemberId, Integer> c = counts(v, 1000);
    assertEquals(100, c.get(id(1)), 1);
    assertEquals(200, c.get(id(2)), 1);
    assertEquals(300, c.get(id(3)), 1);
    assertEquals(400, c.get(id(4)), 1);
  }

  @Test
  void equalStakeShouldRotateThroughEveryone() {
    SortedMap<MemberId, Long> v = validators(5, 5, 5, 5);
    SortedMap<MemberId, Long> p = ProposerRotation.reconcile(new TreeMap<>(), v);
    java.util.Set<MemberId> seen = new java.util.HashSet<>();
    for (int h = 0; h < 4; h++) {
      seen.add(ProposerRotation.proposer(p, v, 0));
      p = ProposerRotation.reconcile(ProposerRotation.advance(p, v, 1), v);
    }
    assertEquals(4, seen.size(), "four heights, four different proposers");
  }

  @Test
  void laterRoundsShouldMoveToAnotherProposer() {
    SortedMap<MemberId, Long> v = validators(5, 5, 5, 5);
    SortedMap<MemberId, Long> p = ProposerRotation.reconcile(new TreeMap<>(), v);
    assertNotEquals(ProposerRotation.proposer(p, v, 0), ProposerRotation.proposer(p, v, 1));
  }

  @Test
  void aNewValidatorShouldStartBehindAndPrioritiesStayCentredAndBounded() {
    SortedMap<MemberId, Long> v = validators(100, 100, 100);
    SortedMap<MemberId, Long> p = ProposerRotation.reconcile(new TreeMap<>(), v);
    p = ProposerRotation.advance(p, v, 7);
    SortedMap<MemberId, Long> bigger = new TreeMap<>(v);
    bigger.put(id(9), 1_000_000L);
    SortedMap<MemberId, Long> r = ProposerRotation.reconcile(p, bigger);
    long sum = r.values().stream().mapToLong(Long::longValue).sum();
    assertTrue(Math.abs(sum) < r.size(), "centred: " + r);
    long max = r.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long min = r.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(max - min <= 2 * 1_000_300L, "spread within twice the total: " + r);
    assertTrue(r.get(id(9)) < r.get(id(1)), "the newcomer waits its turn: " + r);
  }
}
