package io.fedchain.node.cli;

import picocli.CommandLine.Command;

/** {@code fedchain keys}: a member's signing key, which is also its libp2p identity. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Member keys (Ed25519).",
    subcommands = {KeysNewCommand.class})
final class KeysCommand {}
