package dev.scalpel.cli.report;

import dev.scalpel.graph.Value;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.CheckedEdit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints what {@code scalpel extract} did: the signature of the cut (names and types), the node
 * counts, notes, then the check's verdict and the write ({@link EditOutcomeText}).
 */
public final class ExtractText {
  /** How the verdict line names what the result was compared with. */
  static final String AGAINST = "the original's values of the cut's tensors";

  private ExtractText() {}

  /** @return the exit status */
  public static int print(Path input, Path target, CheckedEdit.Outcome<Extractor.Result> outcome, PrintWriter out) {
    Extractor.Result r = outcome.result();
    out.println("extract " + input);
    signature("inputs:", r.inputs(), out);
    signature("outputs:", r.outputs(), out);
    out.println("  nodes: " + r.nodesBefore() + " -> " + r.nodesAfter() + "; initializers removed: " + r.initializersRemoved());
    for (String note : r.notes()) {
      out.println("  " + note);
    }
    return EditOutcomeText.print(outcome, AGAINST, target, out);
  }

  private static void signature(String label, List<Value> values, PrintWriter out) {
    out.println("  " + label);
    int width = values.stream().mapToInt(v -> v.name().length()).max().orElse(1);
    for (Value v : values) {
      out.printf("    %-" + Math.max(width, 1) + "s  %s%n", v.name(), TypeNotation.format(v.type()));
    }
  }
}
