package io.fedchain.node.cli;

import io.fedchain.learning.codec.DeltaCodec;
import io.fedchain.learning.data.Dataset;
import io.fedchain.learning.data.FashionMnist;
import io.fedchain.learning.model.Model;
import io.fedchain.learning.model.ModelSpec;
import io.fedchain.learning.score.ValidationScorer;
import io.fedchain.learning.train.LocalTrainer;
import io.fedchain.learning.train.TrainingConfig;
import io.fedchain.learning.util.SeededRandom;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain bench learning}: training throughput, scoring latency and codec throughput for the
 * plain-Java models and the DL4J path, on real Fashion-MNIST. Single-threaded, as a validator or
 * trainer runs them; each figure is the median of {@code --runs} timed runs after one warm-up run.
 */
@Command(name = "learning", mixinStandardHelpOptions = true,
    description = "Training samples/s, scorer time on 1k and 10k samples, codec MB/s (plain Java and DL4J).")
final class LearningBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs per figure (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--models", split = ",", defaultValue = "mlp,dl4j-mlp,dl4j-cnn",
      description = "Models to measure (default: ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--data-dir", description = "Directory holding Fashion-MNIST.")
  Optional<Path> dataDir;

  @Option(names = "--out", description = "Also write the report (markdown) to this file.")
  Optional<Path> out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    FashionMnist fm = FashionMnist.locate(dataDir);
    Dataset train = fm.train();
    Dataset test = fm.test();
    List<String> lines = new ArrayList<>();
    lines.add("Machine: " + MachineInfo.describe());
    lines.add("Command: bin/fedchain bench learning --runs " + runs + "; median of " + runs
        + " timed runs after one warm-up, [min-max] in brackets; one thread.");
    lines.add("");
    lines.add("| model | params | train samples/s | score 1k samples (ms) | score 10k samples (ms) |");
    lines.add("|---|---|---|---|---|");
    for (String name : models) {
      ModelSpec ms = ModelSpec.parse(name);
      Model model = ms.newModel();
      int samples = name.contains("cnn") ? 2_000 : 10_000;
      Dataset slice = train.head(samples);
      float[] w = model.initialParameters(1);
      LocalTrainer trainer = new LocalTrainer(model);
      TrainingConfig cfg = new TrainingConfig(1, 32, 0.05f, 0f, 0f, 0f);
      double[] trainRate = measure(() -> trainer.train(w, slice, cfg, 1), samples);
      float[] delta = trainer.train(w, slice, cfg, 2).delta();
      String[] score = new String[2];
      int[] sizes = {1_000, 10_000};
      for (int k = 0; k < 2; k++) {
        ValidationScorer scorer = new ValidationScorer(ms.newModel(), test.head(sizes[k]));
        scorer.baseline(w);
        double[] callsPerSecond = measure(() -> scorer.score(w, delta), 1);
        score[k] = String.format("%.1f [%.1f-%.1f]", 1000 / callsPerSecond[0], 1000 / callsPerSecond[2], 1000 / callsPerSecond[1]);
      }
      lines.add(String.format("| %s | %,d | %,.0f [%,.0f-%,.0f] | %s | %s |", ms, model.parameterCount(),
          trainRate[0], trainRate[1], trainRate[2], score[0], score[1]));
      stdout.println(lines.get(lines.size() - 1));
      stdout.flush();
    }
    lines.add("");
    int n = ModelSpec.parse("mlp").newModel().parameterCount();
    lines.add("Codecs on a Gaussian delta of " + n + " floats (" + (4 * n / 1000) + " kB); MB/s of float input.");
    lines.add("");
    lines.add("| codec | encoded bytes | encode MB/s | decode MB/s |");
    lines.add("|---|---|---|---|");
    SeededRandom rng = new SeededRandom(3);
    float[] vector = new float[n];
    for (int i = 0; i < n; i++) {
      vector[i] = (float) (rng.nextGaussian() * 0.01);
    }
    double megabytes = 4.0 * n / 1e6;
    for (String name : new String[] {"float32", "int8", "topk:0.1", "topk:0.01"}) {
      DeltaCodec codec = DeltaCodec.parse(name);
      byte[] encoded = codec.encode(vector);
      double[] enc = measure(() -> codec.encode(vector), megabytes);
      double[] dec = measure(() -> codec.decode(encoded, n), megabytes);
      lines.add(String.format("| %s | %,d | %,.0f [%,.0f-%,.0f] | %,.0f [%,.0f-%,.0f] |", codec.name(),
          encoded.length, enc[0], enc[1], enc[2], dec[0], dec[1], dec[2]));
      stdout.println(lines.get(lines.size() - 1));
      stdout.flush();
    }
    String report = String.join("\n", lines) + "\n";
    BenchReports.emit(stdout, out, report);
    return 0;
  }

  /**
   * Rate of {@code units} per second for one call: {median, min, max} over the runs. A run repeats
   * the call until 0.3 s have passed so fast operations are not lost in timer noise.
   */
  private double[] measure(Runnable call, double units) {
    call.run();
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      int calls = 0;
      long elapsed;
      do {
        call.run();
        calls++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < 300_000_000L);
      rates[r] = units * calls / (elapsed / 1e9);
    }
    Arrays.sort(rates);
    return new double[] {rates[runs / 2], rates[0], rates[runs - 1]};
  }
}
