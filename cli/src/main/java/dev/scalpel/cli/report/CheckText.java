package dev.scalpel.cli.report;

import dev.scalpel.cli.ModelCheck;
import dev.scalpel.cli.StageResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@code scalpel check} results for people: per model, one line per stage (status,
 * message, time) with details indented under it; then one summary line for all models.
 */
public final class CheckText {
  private CheckText() {}

  public static void print(ModelCheck check, PrintWriter out) {
    out.println(check.file());
    for (StageResult s : check.stages()) {
      String time = s.status() == StageResult.Status.PASSED || s.status() == StageResult.Status.FAILED
          || s.status() == StageResult.Status.ERROR ? String.format(Locale.ROOT, " (%.0f ms)", s.millis()) : "";
      out.printf("  %-9s %-8s %s%s%n", s.stage(), label(s.status()), s.message(), time);
      for (String d : s.details()) {
        out.println("      " + d);
      }
    }
    out.println();
  }

  public static void summary(List<ModelCheck> checks, PrintWriter out) {
    long passed = checks.stream().filter(ModelCheck::passed).count();
    out.println((passed == checks.size() ? "PASSED: " : "FAILED: ") + passed + " of " + checks.size()
        + (checks.size() == 1 ? " model" : " models") + " passed (stages load, lint, run and simplify)");
  }

  private static String label(StageResult.Status status) {
    switch (status) {
      case PASSED:
        return "ok";
      case FAILED:
        return "FAIL";
      case ERROR:
        return "ERROR";
      case SKIPPED:
        return "skipped";
      default:
        return "n/a";
    }
  }
}
