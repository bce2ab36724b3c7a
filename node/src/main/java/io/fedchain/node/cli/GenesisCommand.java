package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain genesis}: the file a chain starts from; its hash names the chain. */
@Command(name = "genesis", mixinStandardHelpOptions = true, description = "Genesis files.",
    subcommands = {GenesisNewCommand.class, GenesisShowCommand.class})
final class GenesisCommand {}
