package dev.scalpel.cli;

import java.io.PrintWriter;

/**
 * Tells the user on the error stream what went wrong: {@code error: } and one line, never a stack
 * trace unless {@code --debug} asked for it.
 */
final class ErrorReporter {
  private final PrintWriter err;
  private final boolean debug;

  ErrorReporter(PrintWriter err, boolean debug) {
    this.err = err;
    this.debug = debug;
  }

  /** Reports {@code t} and returns the exit status it maps to. */
  int report(Throwable t) {
    Failure f = Failure.of(t);
    err.println("error: " + f.message());
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return f.exitCode();
  }
}
