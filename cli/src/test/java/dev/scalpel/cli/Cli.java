package dev.scalpel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code scalpel} in-process and captures what it printed. */
final class Cli {
  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ScalpelCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
