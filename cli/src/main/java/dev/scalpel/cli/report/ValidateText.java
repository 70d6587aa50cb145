package dev.scalpel.cli.report;

import dev.scalpel.cli.Validation;
import dev.scalpel.runtime.Divergence;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Localization;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.SignatureIssue;
import dev.scalpel.runtime.TensorDiff;
import dev.scalpel.runtime.Timings;
import dev.scalpel.runtime.Tolerance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link Validation} for people: the models, runs and tolerance, a table with one row per
 * output (its worst run), lines under a row for shape, type, NaN/Inf and failed-run problems, the
 * signature differences, the first divergence, timings and the verdict.
 */
public final class ValidateText {
  private static final String LABEL = "%-12s %s%n";
  private static final String[] HEADER = {"OUTPUT", "RESULT", "MAX ABS", "MAX REL", "MISMATCHES", "WORST RUN"};

  private ValidateText() {}

  public static void print(Validation v, PrintWriter out) {
    EquivalenceReport r = v.report();
    out.printf(LABEL, "Original:", v.original());
    out.printf(LABEL, "Rewritten:", v.rewritten());
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < r.runs().size(); i++) {
      runs.add(i + ": " + v.dims(i));
    }
    out.printf(LABEL, "Runs:", r.runs().size() + " (" + String.join("; ", runs) + "), seed " + v.options().seed());
    out.printf(LABEL, "Tolerance:", tolerance(v.options().tolerance()) + overrides(v));
    signature(r.signature(), out);
    out.println();
    table(v, out);
    localization(v, out);
    out.printf(LABEL, "Time:", time(r.timings(), v.wallMs()));
    out.printf(LABEL, "Result:", verdict(r));
  }

  private static void signature(List<SignatureIssue> issues, PrintWriter out) {
    if (issues.isEmpty()) {
      out.printf(LABEL, "Signature:", "same inputs and outputs");
      return;
    }
    out.println("Signature:");
    for (SignatureIssue i : issues) {
      out.println("  " + i);
    }
  }

  private static void table(Validation v, PrintWriter out) {
    EquivalenceReport r = v.report();
    if (r.outputs().isEmpty()) {
      out.println("No outputs compared.");
      out.println();
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<List<String>> notes = new ArrayList<>();
    notes.add(List.of());
    for (OutputVerdict o : r.outputs()) {
      rows.add(row(v, o));
      notes.add(notes(v, o));
    }
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        String cell = rows.get(i)[c];
        line.append(c == 0 ? "" : "  ").append(c == width.length - 1 ? cell : pad(cell, width[c]));
      }
      out.println(line.toString().stripTrailing());
      for (String note : notes.get(i)) {
        out.println("    " + note);
      }
    }
    out.println();
  }

  private static String[] row(Validation v, OutputVerdict o) {
    String result = o.passed() ? "ok" : "FAIL";
    String worstRun = v.report().runs().size() > 1 ? o.worstRun() + " (" + v.dims(o.worstRun()) + ")" : v.dims(o.worstRun());
    if (o.worst() instanceof RunOutcome.Compared c && c.diff().shapesMatch()) {
      TensorDiff d = c.diff();
      return new String[] {o.name(), result, number(d.maxAbsError()), number(d.maxRelError()),
          d.mismatches() + "/" + d.elements(), worstRun};
    }
    return new String[] {o.name(), result, "-", "-", "-", worstRun};
  }

  /** The problems of each run that the numbers do not show. */
  private static List<String> notes(Validation v, OutputVerdict o) {
    List<String> notes = new ArrayList<>();
    if (!v.options().tolerance().equals(o.tolerance())) {
      notes.add("tolerance " + tolerance(o.tolerance()));
    }
    for (RunOutcome outcome : o.outcomes()) {
      String where = "run " + outcome.run() + " (" + v.dims(outcome.run()) + "): ";
      if (outcome instanceof RunOutcome.Failed f) {
        notes.add(where + "rewritten model failed: " + f.message());
      } else if (outcome instanceof RunOutcome.Compared c) {
        TensorDiff d = c.diff();
        if (!d.shapesMatch()) {
          notes.add(where + "shape " + d.actualShape() + " != original " + d.expectedShape());
        }
        if (!d.typesMatch()) {
          notes.add(where + "type " + TypeNotation.elementType(d.actualType()) + " != original "
              + TypeNotation.elementType(d.expectedType()));
        }
        if (d.nanInfMismatches() > 0) {
          notes.add(where + d.nanInfMismatches() + " NaN/Inf mismatches");
        }
      }
    }
    return notes;
  }

  private static void localization(Validation v, PrintWriter out) {
    if (v.localized() == null) {
      return;
    }
    Localization where = v.localized().where();
    String at = " (inputs at run " + v.localized().run() + ": " + v.dims(v.localized().run()) + ")";
    if (where.failure() != null) {
      out.printf(LABEL, "Divergence:", "cannot localize: " + where.failure());
    } else if (where.divergence() == null) {
      out.printf(LABEL, "Divergence:", "none in " + where.compared() + " shared tensors" + at);
    } else {
      Divergence d = where.divergence();
      String node = d.nodeName().isEmpty() ? "(unnamed)" : "'" + d.nodeName() + "'";
      out.printf(LABEL, "Divergence:", "first at " + d.opType() + " node " + node + ", tensor '"
          + d.tensor() + "': " + d.diff().summary() + at);
    }
  }

  private static String time(Timings t, double wallMs) {
    return String.format(Locale.ROOT, "load %.1f / %.1f ms, run %.2f / %.2f ms mean (original / rewritten), %.0f ms in all",
        t.originalLoadMs(), t.rewrittenLoadMs(), t.originalMeanRunMs(), t.rewrittenMeanRunMs(), wallMs);
  }

  private static String verdict(EquivalenceReport r) {
    if (r.passed()) {
      return "EQUIVALENT: " + r.outputs().size() + " of " + r.outputs().size() + " outputs agree";
    }
    long fatal = r.signature().stream().filter(SignatureIssue::fatal).count();
    String outputs = r.failedOutputs().size() + " of " + r.outputs().size() + " outputs differ";
    return "DIFFERENT: " + (fatal > 0 ? outputs + ", " + fatal + " signature error" + (fatal == 1 ? "" : "s") : outputs);
  }

  private static String overrides(Validation v) {
    if (v.options().outputTolerances().isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    v.options().outputTolerances().forEach((name, t) -> parts.add(name + " " + tolerance(t)));
    parts.sort(null);
    return "; " + String.join("; ", parts);
  }

  public static String tolerance(Tolerance t) {
    return "atol " + number(t.atol()) + ", rtol " + number(t.rtol());
  }

  /** Three significant digits without trailing zeros: {@code 0.0523}, {@code 1e-05}, {@code 2}. */
  public static String number(double d) {
    if (d == 0 || !Double.isFinite(d)) {
      return d == 0 ? "0" : Double.toString(d);
    }
    String s = String.format(Locale.ROOT, "%.3g", d);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + s.substring(e);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
