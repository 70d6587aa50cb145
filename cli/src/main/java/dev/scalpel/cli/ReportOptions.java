package dev.scalpel.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The report options of {@code validate} and {@code check}: JSON on stdout, a JUnit XML file. */
final class ReportOptions {
  @Option(names = "--json", description = "Print a JSON report instead of the table.")
  private boolean json;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "Also write a JUnit XML report to FILE (replaced atomically).")
  private Path junit;

  boolean json() {
    return json;
  }

  /** The JUnit file, or null. */
  Path junit() {
    return junit;
  }
}
