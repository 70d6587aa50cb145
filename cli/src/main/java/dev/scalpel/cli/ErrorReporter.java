package dev.scalpel.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Tells the user on the error stream what went wrong: {@code error: } and one line, never a stack
 * trace unless {@code --debug} asked for it.
 */
final class ErrorReporter {
  private final PrintWriter err;
  private final boolean debug;
  private final List<String> budgetOptions;

  ErrorReporter(PrintWriter err, boolean debug) {
    this(err, debug, List.of());
  }

  /** A reporter whose out-of-memory message names {@code budgetOptions}, the command's memory limits. */
  ErrorReporter(PrintWriter err, boolean debug, List<String> budgetOptions) {
    this.err = err;
    this.debug = debug;
    this.budgetOptions = List.copyOf(budgetOptions);
  }

  /** Reports {@code t} and returns the exit status it maps to. */
  int report(Throwable t) {
    Failure f = Failure.of(t, budgetOptions);
    err.println("error: " + f.message());
    if (debug) {
      t.printStackTrace(err);
    }
    err.flush();
    return f.exitCode();
  }
}
