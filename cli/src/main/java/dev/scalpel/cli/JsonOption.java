package dev.scalpel.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json} of every command: the report as JSON on stdout instead of text. The schema of
 * each command's report is in cli/README.md; commands that take several models print an array
 * with one object per model.
 */
final class JsonOption {
  @Option(names = "--json", description = "Print the report as JSON on stdout instead of text (cli/README.md "
      + "shows each command's).")
  private boolean json;

  boolean json() {
    return json;
  }
}
