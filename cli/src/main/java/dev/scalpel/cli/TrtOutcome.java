package dev.scalpel.cli;

import dev.scalpel.passes.PassResult;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.runtime.EquivalenceReport;
import java.util.List;

/**
 * What {@code scalpel trt} found and did, for the text and JSON reports.
 *
 * @param model the model file checked
 * @param report the readiness findings (of the fixed model when --fix wrote one)
 * @param plan the trtexec command line, or the profile findings that prevent one
 * @param fixes the repair passes run (empty without --fix)
 * @param equivalence ONNX Runtime's verdict on the repaired model (null without --fix)
 * @param written where the repaired model went (null when nothing was written)
 */
public record TrtOutcome(String model, TrtReport report, TrtexecPlan plan, List<PassResult> fixes,
    EquivalenceReport equivalence, String written) {

  /** NOTE: shown in every report, so nobody mistakes the rules for a TensorRT run. */
  public static final String DISCLAIMER = "rules follow the TensorRT ONNX parser's documented behaviour; TensorRT itself was not run";

  public TrtOutcome {
    fixes = List.copyOf(fixes);
  }

  /**
   * The hint to show for {@code f}. After --fix ran, a finding still present is one the repairs
   * could not remove, so a hint that says "run --fix" is replaced by one saying so (the fix notes
   * say why); without --fix the rule's own hint stands.
   */
  public String hint(dev.scalpel.graph.Finding f) {
    if (fixes.isEmpty() || !f.hint().contains("--fix")) {
      return f.hint();
    }
    return "trt --fix ran and could not remove this (its notes above say why); change the model at its source";
  }

  boolean fixFailed() {
    return equivalence != null && !equivalence.passed();
  }

  /** 0 ready, 1 not ready (an error finding), 4 when --fix changed the outputs. */
  public int exitCode() {
    if (fixFailed()) {
      return ExitCodes.OUTPUTS_DIFFER;
    }
    return report.ready() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
