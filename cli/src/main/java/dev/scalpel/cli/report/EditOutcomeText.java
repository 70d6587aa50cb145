package dev.scalpel.cli.report;

import dev.scalpel.cli.ExitCodes;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceReport;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The end of a one-model edit command's text output: ONNX Runtime's verdict on the edit and what
 * was written; and the exit status that goes with it (0 written, 4 outputs differ).
 */
public final class EditOutcomeText {
  private EditOutcomeText() {}

  /**
   * Prints the verdict ({@code against} says what the result was compared with) and the write.
   *
   * @return the exit status
   */
  public static int print(CheckedEdit.Outcome<?> outcome, String against, Path target, PrintWriter out) {
    if (outcome.check().isPresent()) {
      EquivalenceReport report = outcome.check().get();
      out.println("  checked against " + against + " in ONNX Runtime: " + SimplifyText.verdictLine(report));
      if (!report.passed()) {
        for (String line : report.toString().split("\n")) {
          out.println("    " + line);
        }
        out.println("  not written: the edited model's outputs differ from the original's");
      }
    }
    outcome.written().ifPresent(w -> out.println("  wrote " + target
        + (w.dataFiles().isEmpty() ? "" : " (+" + w.dataFiles().size() + " data file"
            + (w.dataFiles().size() == 1 ? ")" : "s)"))));
    out.flush();
    return exitCode(outcome);
  }

  /** The exit status of an edit's outcome: 0 written, 4 outputs differ, 1 refused. */
  public static int exitCode(CheckedEdit.Outcome<?> outcome) {
    return switch (outcome.status()) {
      case PASSED -> ExitCodes.OK;
      case OUTPUTS_DIFFER -> ExitCodes.OUTPUTS_DIFFER;
      case REFUSED -> ExitCodes.CHECK_FAILED;
    };
  }
}
