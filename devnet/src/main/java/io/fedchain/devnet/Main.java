package io.fedchain.devnet;

import io.fedchain.node.cli.FedchainCli;
import java.io.PrintWriter;
import java.util.List;

/** {@code bin/fedchain}: the node CLI plus the {@code devnet} commands (which launch nodes). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return FedchainCli.run(out, err, List.of(new DevnetCommand()), args);
  }
}
