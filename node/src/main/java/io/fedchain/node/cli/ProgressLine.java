package io.fedchain.node.cli;

import java.io.PrintWriter;

/** A one-line progress indicator on a terminal's stderr; silent when stderr is not a terminal. */
final class ProgressLine {
  private final PrintWriter err;
  private final boolean enabled;
  private final int rounds;
  private int width;

  ProgressLine(PrintWriter err, boolean enabled, int rounds) {
    this.err = err;
    this.enabled = enabled;
    this.rounds = rounds;
  }

  void show(int round, String phase, int done, int total) {
    if (!enabled) {
      return;
    }
    String line = String.format("round %d/%d: %s %d/%d", round, rounds, phase, done, total);
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = line.length();
  }

  void clear() {
    if (enabled && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }
}
