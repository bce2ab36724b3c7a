package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain node}: runs a node. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Runs a fedchain node.",
    subcommands = {NodeRunCommand.class})
final class NodeCommand {}
