package io.fedchain.node.cli;

import io.fedchain.chain.crypto.ChainKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedchain keys new}: a fresh Ed25519 key in a file only its owner can read. */
@Command(name = "new", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Creates a random Ed25519 key and writes it to FILE (JSON: peerId, publicKeyHex, seedHex;",
        "mode 600). Prints the peer id, the member's name on the chain and on the network."})
final class KeysNewCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file to write.")
  Path out;

  @Option(names = "--force", description = "Overwrite FILE if it exists (its old key is lost).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    ChainKey key = ChainKey.random();
    KeyFile.write(out, key, force);
    spec.commandLine().getErr().println("wrote " + out + " (readable by its owner only; keep it secret)");
    spec.commandLine().getOut().println(key.id().peerId());
    return 0;
  }
}
