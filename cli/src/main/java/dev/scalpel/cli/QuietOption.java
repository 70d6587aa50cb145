package dev.scalpel.cli;

import picocli.CommandLine.Option;

/** {@code -q/--quiet}: nothing on stdout when all goes well, and no progress; errors still print. */
final class QuietOption {
  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success, and no progress.")
  private boolean quiet;

  boolean quiet() {
    return quiet;
  }
}
