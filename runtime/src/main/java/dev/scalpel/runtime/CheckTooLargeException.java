package dev.scalpel.runtime;

/**
 * The check was not made: every run it could make (at every dim sizes planned) needs more memory
 * than allowed, by {@link CheckFootprint}'s prediction against {@link CheckOptions#maxCheckBytes()}
 * or the cap on generated inputs ({@link ReferenceRuns#INPUT_BUDGET_BYTES}). Nothing was run. The
 * model is not called invalid; front ends report a check that could not be made (exit 1 of the CLI),
 * and the message names the options that change the outcome.
 */
public final class CheckTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long budgetBytes;

  /**
   * @param neededBytes the least any planned run needs
   * @param budgetBytes the budget it passes
   * @param what what needs {@code neededBytes}, such as "one run of the original model would need"
   * @param budget the budget's name, such as "the check's memory budget"
   * @param advice what the user can do
   */
  public CheckTooLargeException(long neededBytes, long budgetBytes, String what, String budget, String advice) {
    super("check not made: " + what + " " + bytes(neededBytes) + ", over " + budget + " of " + bytes(budgetBytes)
        + "; " + advice);
    this.neededBytes = neededBytes;
    this.budgetBytes = budgetBytes;
  }

  public long neededBytes() {
    return neededBytes;
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /** {@code n} bytes as people read them: "8.0 GiB (8589934592 bytes)". */
  static String bytes(long n) {
    if (n == Long.MAX_VALUE) {
      return "more than 8 EiB";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (n < 1024) {
      return n + " bytes";
    }
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
  }
}
