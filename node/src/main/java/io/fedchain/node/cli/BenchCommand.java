package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain bench}: measurements behind the figures in the module READMEs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: learning throughput, and the validation filter against attacks.",
    subcommands = {LearningBenchCommand.class, FilterBenchCommand.class})
final class BenchCommand {}
