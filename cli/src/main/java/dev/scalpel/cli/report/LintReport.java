package dev.scalpel.cli.report;

import dev.scalpel.graph.Finding;
import java.io.PrintWriter;
import java.util.List;

/** Prints the findings of {@code scalpel lint} for one model, as text or as one JSON object. */
public final class LintReport {
  private LintReport() {}

  /** {@code FILE: N errors, M warnings} then one indented line per finding; {@code FILE: ok} if none. */
  public static void printText(String file, List<Finding> findings, PrintWriter out) {
    if (findings.isEmpty()) {
      out.println(file + ": ok");
      return;
    }
    long errors = errorCount(findings);
    out.println(file + ": " + plural(errors, "error") + ", " + plural(findings.size() - errors, "warning"));
    for (Finding f : findings) {
      out.printf("  %-7s [%s] %s%s: %s%n", f.severity().label(), f.rule(), f.location(),
          f.node().isEmpty() ? "" : " > " + f.node(), f.message());
    }
  }

  public static void writeJson(String file, List<Finding> findings, JsonWriter json) {
    long errors = errorCount(findings);
    json.beginObject()
        .member("model", file)
        .member("errors", errors)
        .member("warnings", findings.size() - errors)
        .name("findings").beginArray();
    for (Finding f : findings) {
      json.beginObject()
          .member("severity", f.severity().label())
          .member("rule", f.rule())
          .member("location", f.location())
          .member("node", f.node())
          .member("message", f.message())
          .endObject();
    }
    json.endArray().endObject();
  }

  private static long errorCount(List<Finding> findings) {
    return findings.stream().filter(Finding::isError).count();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
