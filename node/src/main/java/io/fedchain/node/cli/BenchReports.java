package io.fedchain.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What every {@code bench} command does with its report, and how it records the machine's load. */
final class BenchReports {
  private BenchReports() {}

  /** Prints the report and, with {@code --out}, writes it to that file (creating its directory). */
  static void emit(PrintWriter stdout, Optional<Path> out, String report) throws IOException {
    stdout.println();
    stdout.print(report);
    stdout.flush();
    if (out.isPresent()) {
      Path file = out.get();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, report);
      stdout.println("wrote " + file);
    }
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
