package io.fedchain.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine a benchmark ran on. */
final class MachineInfo {
  private MachineInfo() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
    } catch (IOException e) {
      // Not Linux: keep "unknown CPU".
    }
    long memGiB = 0;
    try {
      memGiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024)).findFirst().orElse(0L);
    } catch (IOException | NumberFormatException e) {
      // Leave memory unknown.
    }
    return String.format("%s, %d cores, %s GiB RAM, %s %s, %s", cpu, Runtime.getRuntime().availableProcessors(),
        memGiB == 0 ? "?" : Long.toString(memGiB), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
