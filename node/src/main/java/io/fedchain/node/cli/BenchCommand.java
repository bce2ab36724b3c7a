package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain bench}: measurements behind the figures in the module READMEs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: learning throughput, the validation filter against attacks, the p2p stack, storage.",
    subcommands = {LearningBenchCommand.class, FilterBenchCommand.class, P2PBenchCommand.class,
        StorageBenchCommand.class, ConsensusBenchCommand.class})
final class BenchCommand {}
