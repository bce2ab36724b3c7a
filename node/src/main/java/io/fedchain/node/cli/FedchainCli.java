package io.fedchain.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/fedchain}: the one command-line entry point of fedchain. */
@Command(name = "fedchain", mixinStandardHelpOptions = true, versionProvider = FedchainCli.Version.class,
    description = "Federated learning on a permissioned blockchain.",
    subcommands = {KeysCommand.class, GenesisCommand.class, SimulateCommand.class, P2PCommand.class,
        BenchCommand.class, ModelCommand.class, DbCommand.class, NodeCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class FedchainCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code: 0 success, 2 bad usage, 1 failure. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the CLI with its output and error streams given, as tests do. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, java.util.List.of(), args);
  }

  /**
   * Runs the CLI with more top-level commands (picocli command objects), as the devnet module adds
   * {@code devnet}: the node module cannot depend on the devnet, which launches nodes.
   */
  public static int run(PrintWriter out, PrintWriter err, java.util.List<Object> extraCommands, String... args) {
    CommandLine cli = new CommandLine(new FedchainCli());
    for (Object c : extraCommands) {
      cli.addSubcommand(c);
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println(cmd.getColorScheme().errorText("error: " + messageOf(e)));
      org.slf4j.LoggerFactory.getLogger(FedchainCli.class).debug("command failed", e);
      return 1;
    });
    return cli.execute(args);
  }

  private static String messageOf(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FedchainCli.class.getPackage().getImplementationVersion();
      return new String[] {"fedchain " + (v == null ? "(development build)" : v)};
    }
  }
}
