package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void shouldRunASmallSimulationAndWriteItsFiles(@TempDir Path dir) throws IOException {
    int code = run("simulate", "--clients", "4", "--rounds", "2", "--model", "mlp:784-16-10", "--train-limit", "3000",
        "--test-limit", "500", "--filter", "on", "--attackers", "1", "--attack", "sign-flip:5", "--threads", "2",
        "--out", dir.toString());
    assertEquals(0, code, err.toString());
    String text = out.toString();
    assertTrue(text.contains("round  test_acc"), text);
    assertTrue(text.contains("final test accuracy"), text);
    List<String> csv = Files.readAllLines(dir.resolve("rounds.csv"));
    assertEquals(3, csv.size());
    assertTrue(csv.get(0).startsWith("round,test_accuracy,test_loss,accepted,rejected"));
    assertTrue(Files.size(dir.resolve("accuracy.png")) > 1000);
  }

  @Test
  void sameSeedShouldPrintTheSameTable(@TempDir Path dir) throws IOException {
    String[] args = {"simulate", "--clients", "3", "--rounds", "2", "--model", "softmax", "--train-limit", "2000",
        "--test-limit", "300", "--seed", "9"};
    assertEquals(0, run(concat(args, "--out", dir.resolve("a").toString())));
    assertEquals(0, run(concat(args, "--out", dir.resolve("b").toString())));
    List<String> a = Files.readAllLines(dir.resolve("a/rounds.csv"));
    List<String> b = Files.readAllLines(dir.resolve("b/rounds.csv"));
    assertEquals(withoutSeconds(a), withoutSeconds(b));
  }

  /** The rows with the wall-clock column blanked: everything else must repeat exactly. */
  private static List<String> withoutSeconds(List<String> rows) {
    int col = List.of(rows.get(0).split(",")).indexOf("seconds");
    return rows.stream().map(r -> {
      String[] cells = r.split(",", -1);
      cells[col] = "";
      return String.join(",", cells);
    }).toList();
  }

  @Test
  void shouldNameTheBadValueAndTheExpectedForm() {
    assertEquals(2, run("simulate", "--partition", "zipf:2"));
    assertTrue(err.toString().contains("zipf:2") && err.toString().contains("dirichlet:<alpha>"), err.toString());
  }

  @Test
  void shouldRejectBadFilterSwitchAndBadDp() {
    assertEquals(2, run("simulate", "--filter", "maybe"));
    assertTrue(err.toString().contains("--filter") && err.toString().contains("on or off"), err.toString());
    assertEquals(2, run("simulate", "--dp", "clip=-1,noise=1"));
    assertTrue(err.toString().contains("--dp"), err.toString());
  }

  @Test
  void shouldRejectMoreAttackersThanClients() {
    assertEquals(2, run("simulate", "--clients", "3", "--attackers", "3"));
    assertTrue(err.toString().contains("attackers"), err.toString());
  }

  @Test
  void shouldFailClearlyWhenTheDataDirectoryHasNoData(@TempDir Path dir) {
    assertEquals(1, run("simulate", "--data-dir", dir.toString(), "--rounds", "1"));
    assertTrue(err.toString().contains("Fashion-MNIST not found in " + dir), err.toString());
  }

  @Test
  void helpShouldListTheOptions() {
    assertEquals(0, run("simulate", "--help"));
    for (String option : new String[] {"--clients", "--partition", "--model", "--rounds", "--local-epochs", "--batch",
        "--lr", "--aggregator", "--filter", "--filter-epsilon", "--attackers", "--attack", "--dp", "--codec", "--seed",
        "--out"}) {
      assertTrue(out.toString().contains(option), option);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
