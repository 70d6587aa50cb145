package dev.scalpel.cli.report;

import dev.scalpel.cli.TrtOutcome;
import dev.scalpel.passes.PassResult;
import dev.scalpel.graph.Finding;
import java.io.PrintWriter;

/** Prints a {@link TrtOutcome} for people. */
public final class TrtText {
  private TrtText() {}

  public static void print(TrtOutcome o, PrintWriter out) {
    out.println(o.model() + ": TensorRT " + o.report().version().label() + " readiness");
    out.println("  (" + TrtOutcome.DISCLAIMER + ")");
    for (PassResult p : o.fixes()) {
      out.println("  fix " + p.passId() + ": " + (p.changed() ? p.changes() : "no change"));
    }
    if (o.equivalence() != null) {
      out.println("  fixed model vs original in ONNX Runtime: " + (o.equivalence().passed() ? "equal" : "DIFFERENT"));
      if (!o.equivalence().passed()) {
        for (String line : o.equivalence().toString().split("\n")) {
          out.println("    " + line);
        }
        out.println("  not written: the repairs changed the outputs");
      }
    }
    if (o.written() != null) {
      out.println("  wrote " + o.written());
    }
    for (Finding f : o.report().findings()) {
      print(f, o.hint(f), out);
    }
    for (Finding f : o.plan().findings()) {
      print(f, o.hint(f), out);
    }
    if (o.plan().commandLine() != null) {
      out.println("  build: " + o.plan().commandLine());
    }
    out.println((o.report().ready() ? "READY" : "NOT READY") + " for TensorRT " + o.report().version().label() + " ("
        + o.report().count(Finding.Severity.ERROR) + " errors, " + o.report().count(Finding.Severity.WARNING) + " warnings, "
        + o.report().count(Finding.Severity.INFO) + " notes"
        + (o.plan().findings().isEmpty() ? "" : "; " + o.plan().findings().size() + " profile warnings") + ")");
  }

  private static void print(Finding f, String hint, PrintWriter out) {
    out.println("  " + f.severity().label() + " [" + f.rule() + "] " + (f.node().isEmpty() ? "" : f.node() + ": ") + f.message());
    if (!hint.isEmpty()) {
      out.println("      fix: " + hint);
    }
  }
}
