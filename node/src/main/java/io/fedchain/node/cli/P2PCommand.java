package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain p2p}: networking tools. */
@Command(name = "p2p", mixinStandardHelpOptions = true, description = "libp2p networking tools.",
    subcommands = {ProbeCommand.class})
final class P2PCommand {}
