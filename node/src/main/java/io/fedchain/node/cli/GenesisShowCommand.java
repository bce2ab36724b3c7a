package io.fedchain.node.cli;

import io.fedchain.chain.genesis.Genesis;
import io.fedchain.chain.genesis.GenesisJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchain genesis show}: validates a genesis file and prints what it holds. A bad file fails
 * with exit code 1 and a message naming the file, the field and the reason.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Validates a genesis file and prints its chain id, members, parameters and hash.")
final class GenesisShowCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The genesis file.")
  Path file;

  @Override
  public Integer call() {
    Genesis g = GenesisJson.read(file);
    PrintWriter out = spec.commandLine().getOut();
    long stake = g.members().stream().filter(a -> a.roles().validator()).mapToLong(Genesis.Account::stake).sum();
    out.println("chain id      " + g.chainId());
    out.println("genesis time  " + Instant.ofEpochMilli(g.genesisTimeMillis()));
    out.println("model         " + g.modelSpec() + " (initial weights from seed " + g.initSeed() + ")");
    out.println("hash          " + g.hash().toHex());
    out.println("members       " + g.members().size() + " (validator stake " + stake + ")");
    for (Genesis.Account a : g.members()) {
      out.printf("  %-52s  %-17s  stake %d  balance %d%n", a.id().peerId(),
          a.roles().names().isEmpty() ? "-" : String.join(",", a.roles().names()), a.stake(), a.balance());
    }
    out.println("parameters");
    for (Map.Entry<String, String> p : g.params().toMap().entrySet()) {
      out.printf("  %-20s  %s%n", p.getKey(), p.getValue());
    }
    out.flush();
    return 0;
  }
}
