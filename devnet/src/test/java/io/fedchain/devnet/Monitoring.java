package io.fedchain.devnet;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where devnet/monitoring is, whether the tests run from the devnet module or the repository root. */
final class Monitoring {
  private Monitoring() {}

  static final Path MODULE = Files.isDirectory(Path.of("monitoring")) ? Path.of("") : Path.of("devnet");
  static final Path DIR = MODULE.resolve("monitoring");
}
