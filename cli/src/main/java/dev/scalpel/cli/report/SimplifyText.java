package dev.scalpel.cli.report;

import dev.scalpel.passes.Pipelines;
import dev.scalpel.cli.ByteCount;
import dev.scalpel.cli.DataLayoutOptions;
import dev.scalpel.cli.SimplifiedModel;
import dev.scalpel.cli.Validation;
import dev.scalpel.passes.rewrite.Explanation;
import dev.scalpel.passes.rewrite.RewriteRule;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import dev.scalpel.runtime.simplify.ModelStats;
import dev.scalpel.runtime.simplify.PassTime;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The human report of {@code scalpel simplify}: the before/after table, pass times, the verdict. */
public final class SimplifyText {
  private static final String ROW = "  %-24s %12s %12s %12s%n";

  private SimplifyText() {}

  public static void print(SimplifiedModel m, PrintWriter out) {
    SimplifyReport r = m.result().report();
    out.println(m.input() + " -> " + m.target());
    ModelStats b = r.before();
    ModelStats a = r.after();
    out.printf(ROW, "", "before", "after", "change");
    for (SizeRow row : SizeRow.of(b, a)) {
      row(out, row.label(), row.before(), row.after(), row.bytes());
    }
    if (m.written() != null) {
      row(out, "model file bytes", m.inputBytes(), m.written().modelBytes(), true);
    }
    out.println();
    out.printf(ROW, "operator", "before", "after", "change");
    Set<String> ops = new LinkedHashSet<>(b.operators().keySet());
    ops.addAll(a.operators().keySet());
    for (String op : ops) {
      row(out, op, b.operators().getOrDefault(op, 0), a.operators().getOrDefault(op, 0), false);
    }
    out.println();
    out.printf("  passes: %d round%s, %s, %s%n", r.rounds(), r.rounds() == 1 ? "" : "s",
        r.fixedPoint() ? "fixed point reached" : "stopped at the round cap before a fixed point",
        millis(r.elapsed().toNanos() / 1e6));
    for (PassTime t : r.passes()) {
      out.printf("    %-32s %3d× %10s  %s%n", t.passId(), t.runs(), millis(t.elapsed().toNanos() / 1e6), t.changes());
      t.changes().ruleApplications().forEach((rule, n) ->
          out.printf("      %-30s applied %d time%s%n", rule, n, n == 1 ? "" : "s"));
    }
    if (!r.diagnostics().isEmpty()) {
      out.println("  notes:");
      r.diagnostics().forEach(d -> out.println("    " + d));
    }
    Validation v = m.validation();
    if (v == null) {
      out.println("  validation: off (--no-validate)");
    } else if (v.report().passed()) {
      out.println("  validation: " + verdictLine(v.report()) + " (" + millis(v.wallMs()) + ")");
    } else {
      out.println("  validation FAILED; nothing written. The check:");
      ValidateText.print(v, out);
    }
    if (m.written() != null) {
      out.println("  " + DataLayoutOptions.describe(m.target(), m.written()));
    }
  }

  /** "EQUIVALENT over 2 runs (batch=2; batch=3), max abs error 1.2e-06". */
  public static String verdictLine(EquivalenceReport r) {
    List<String> runs = new ArrayList<>();
    r.runs().forEach(d -> runs.add(Validation.dimsText(d)));
    return (r.passed() ? "EQUIVALENT" : "DIFFERENT") + " over " + r.runs().size()
        + (r.runs().size() == 1 ? " run" : " runs") + " (" + String.join("; ", runs) + "), max abs error "
        + ValidateText.number(maxAbsError(r));
  }

  static double maxAbsError(EquivalenceReport r) {
    double max = 0;
    for (OutputVerdict o : r.outputs()) {
      for (RunOutcome outcome : o.outcomes()) {
        if (outcome instanceof RunOutcome.Compared c) {
          max = Math.max(max, c.diff().maxAbsError());
        }
      }
    }
    return max;
  }

  /** @param notRun why the rule did not run (see {@code Pipelines.whyNotRun}), or null when it ran */
  public static void explanations(String ruleId, List<Explanation> explanations, String notRun, PrintWriter out) {
    out.println();
    if (notRun != null) {
      out.println("  --explain " + ruleId + ": " + notRun + "; the rule did not run, so there is nothing to explain");
      return;
    }
    if (explanations.isEmpty()) {
      out.println("  --explain " + ruleId + ": no node of the simplified model is a candidate");
      return;
    }
    out.println("  --explain " + ruleId + " (on the simplified model):");
    for (Explanation e : explanations) {
      out.println("    " + e.node() + ": " + (e.fires() ? "would fire" : "does not fire: " + e.reason()));
    }
  }

  public static void listPasses(Simplifier simplifier, PrintWriter out) {
    out.println("Default pipeline (one round; rounds repeat until nothing changes):");
    out.println("  " + String.join(",", Pipelines.simplifyIds()));
    out.println();
    out.println("Passes (for --passes and --skip):");
    Set<String> rules = new LinkedHashSet<>();
    for (RewriteRule rule : RuleSet.standard().rules()) {
      rules.add(rule.id());
    }
    for (String id : simplifier.skippableIds()) {
      if (!rules.contains(id)) {
        out.println("  " + id);
      }
    }
    out.println();
    out.println("Rules of the rewrite pass (for --skip and --explain):");
    rules.forEach(id -> out.println("  " + id));
  }

  private static void row(PrintWriter out, String label, long before, long after, boolean bytes) {
    long diff = after - before;
    String change = diff == 0 ? "" : (diff > 0 ? "+" : "-") + (bytes ? ByteCount.format(Math.abs(diff)) : Long.toString(Math.abs(diff)));
    out.printf(ROW, label, bytes ? ByteCount.format(before) : Long.toString(before),
        bytes ? ByteCount.format(after) : Long.toString(after), change);
  }

  private static String millis(double ms) {
    return ms >= 10_000 ? String.format("%.1f s", ms / 1000) : String.format("%.1f ms", ms);
  }
}
