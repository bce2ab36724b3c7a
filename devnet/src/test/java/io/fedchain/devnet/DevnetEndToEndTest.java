package io.fedchain.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedchain.learning.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet end to end: four node JVMs on loopback train on Fashion-MNIST partitions for three
 * rounds while one of them is killed and restarted (it resumes from its RocksDB and catches up);
 * the run checks that every node has the same block at every height and the same models.
 */
class DevnetEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void fourNodeJvmsTrainAgreeAndSurviveARestart() throws Exception {
    assumeTrue(FashionMnist.available(), "Fashion-MNIST is not installed: " + FashionMnist.howToGet());
    Path manifest = dir.resolve("e2e.yaml");
    Files.writeString(manifest, String.join("\n",
        "name: e2e",
        "rounds: 3",
        "train-limit: 8000",
        "p2p-base-port: 9650",
        "http-base-port: 8850",
        "prometheus-port: 9292",
        "heap-mb: 400",
        "epochs: 1",
        "timeout-seconds: 400",
        "params: {updatesToClose: 3, roundDeadlineMillis: 15000}",
        "nodes: 4",
        "perturbations:",
        "  - {node: node3, action: restart, round: 1, duration-rounds: 1}",
        ""));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Manifest m = Manifest.read(manifest);
    DevnetFiles files = new DevnetFiles(dir.resolve("devnet"));
    int code = new DevnetRun(m, manifest, files, Optional.empty(), new PrintWriter(out, true),
        new PrintWriter(err, true), false).call();
    assertEquals(0, code, "devnet run failed:\n" + out + "\n" + err);
    assertTrue(out.toString().contains("all invariants held"), out.toString());
    List<String> csv = Files.readAllLines(files.dir().resolve("rounds.csv"));
    assertTrue(csv.size() >= 4, "a header and 3 rounds: " + csv);
    double last = Double.parseDouble(csv.get(csv.size() - 1).split(",")[2]);
    assertTrue(last > 0.5, "the model learned (test accuracy " + last + " after 3 rounds)");
    assertTrue(Files.size(files.dir().resolve("accuracy.png")) > 1000);
    String log3 = Files.readString(files.log("node3"));
    assertTrue(log3.indexOf("HTTP API on") != log3.lastIndexOf("HTTP API on"), "node3 was killed and started again");
  }
}
