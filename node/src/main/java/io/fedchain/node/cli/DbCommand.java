package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain db}: a stopped node's chain database. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "A node's chain database (node stopped).",
    subcommands = {DbInspectCommand.class})
final class DbCommand {}
