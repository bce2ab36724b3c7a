package io.fedchain.consensus.sim;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A developer's tool, idle unless {@code -Ddev.seeds=FROM-TO,N,...} is given: runs those seeds one after
 * the other and prints, per seed, the outcome, and for a failing one its scenario, violations and
 * each validator's engine state (height/round/step, lock).
 */
class DevRunTest {
  @Test
  void dev() {
    String range = System.getProperty("dev.seeds");
    if (range == null) {
      return;
    }
    java.util.List<Long> seeds = new java.util.ArrayList<>();
    for (String part : range.split(",")) {
      String[] p = part.split("-");
      long from = Long.parseLong(p[0].trim());
      long to = Long.parseLong(p[p.length - 1].trim());
      for (long s = from; s <= to; s++) {
        seeds.add(s);
      }
    }
    long total = System.nanoTime();
    int failed = 0;
    long totalCpu = 0;
    for (long s : seeds) {
      long t0 = System.nanoTime();
      long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      Scenario sc = Scenario.random(s);
      Simulation sim = new Simulation(sc).run();
      List<String> v = Invariants.check(sim);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1_000_000;
      totalCpu += cpu;
      System.out.println("seed " + s + " n=" + sc.validators() + " " + ms + "ms cpu " + cpu + "ms " + (v.isEmpty() ? "OK" : "FAIL") + " | "
          + sim.summary());
      if (!v.isEmpty()) {
        failed++;
        System.out.println("   " + sc);
        v.forEach(x -> System.out.println("   " + x.substring(0, Math.min(x.length(), 3000))));
        for (SimNode n : sim.nodes) {
          System.out.println("   v" + n.index + " up=" + n.up + " ledger=" + n.height() + (n.engine == null ? "" : " engine=" + n.engine.height() + "/" + n.engine.round() + "/" + n.engine.step() + " locked=" + n.engine.lockedRound()));
        }
      }
    }
    System.out.println("TOTAL " + (System.nanoTime() - total) / 1_000_000 + "ms, cpu " + totalCpu + "ms, failed " + failed);
  }
}
