package dev.scalpel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code scalpel} in-process and captures what it printed. */
final class Cli {
  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  /** Runs {@code args} without the default progress lines, so stderr holds only what the command reports. */
  static Result run(String... args) {
    return run(false, args);
  }

  /** Runs {@code args} as from a shell whose stderr is not a terminal: with the default progress lines. */
  static Result runWithProgress(String... args) {
    return run(true, args);
  }

  private static Result run(boolean plainProgress, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // NOTE: built for these arguments, as main builds it (only the subcommand they name).
    int code = ScalpelCommand.forArguments(new PrintWriter(out, true), new PrintWriter(err, true), plainProgress, args)
        .execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
