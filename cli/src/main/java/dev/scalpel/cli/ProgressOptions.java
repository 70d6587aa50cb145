package dev.scalpel.cli;

import picocli.CommandLine.Option;

/** {@code --progress/--no-progress} of the commands that can run long; see {@link Progress}. */
final class ProgressOptions {
  @Option(names = "--progress", negatable = true,
      description = "Show progress on the error stream (default: a line that updates itself when a terminal is "
          + "attached, plain lines otherwise unless --json).")
  private Boolean progress;

  /** What was given: true, false, or null for the default. */
  Boolean given() {
    return progress;
  }
}
