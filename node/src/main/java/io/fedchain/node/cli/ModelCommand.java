package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain model}: the chain's global models. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Global models stored on the chain.",
    subcommands = {ModelExportCommand.class})
final class ModelCommand {}
