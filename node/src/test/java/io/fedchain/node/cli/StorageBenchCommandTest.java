package io.fedchain.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageBenchCommandTest {
  @Test
  void shouldReportEverySetupAndLeaveNoDatabaseBehind(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path report = dir.resolve("report/bench-storage.md");
    Path work = dir.resolve("work");
    int code = FedchainCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "storage",
        "--blocks", "3", "--deltas", "2", "--delta-kb", "8", "--runs", "1", "--dir", work.toString(),
        "--out", report.toString());
    assertEquals(0, code, err.toString());
    List<String> rows = Files.readAllLines(report).stream().filter(l -> l.startsWith("| ") && !l.startsWith("| setup"))
        .toList();
    assertEquals(6, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(0).startsWith("| blob files (default), sync | "), rows.get(0));
    for (String row : rows) {
      String[] cells = row.split("\\|");
      long bytesOnDisk = Long.parseLong(cells[8].trim().replace(",", ""));
      // 3 blocks of 2 x 8 kB deltas, a 2.5 kB block and a 2 kB state, plus RocksDB's own files.
      assertTrue(bytesOnDisk > 20_000, row);
    }
    assertTrue(Files.readString(report).contains("/proc/loadavg at start"));
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(), left.toList(), "temporary databases were left in " + work);
    }
  }
}
