package io.sightline.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show stack traces and debug logs.")
    boolean verbose;
}
