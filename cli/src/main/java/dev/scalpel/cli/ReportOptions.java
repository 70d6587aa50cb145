package dev.scalpel.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The report options of {@code validate} and {@code check}: JSON on stdout, a JUnit XML file. */
final class ReportOptions {
  @Mixin
  private JsonOption jsonOption;

  @Option(names = "--junit", paramLabel = "FILE",
      description = "Also write a JUnit XML report to FILE (replaced atomically).")
  private Path junit;

  boolean json() {
    return jsonOption.json();
  }

  /** The JUnit file, or null. */
  Path junit() {
    return junit;
  }
}
