package dev.scalpel.passes.common;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.infer.InferenceCheck;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;

/**
 * Types every value it can ({@link ShapeInference}) and leaves the result in the pipeline's {@link
 * dev.scalpel.passes.Analyses} for the passes after it; conflicts and errors become diagnostics.
 * When the graph has not changed since the last inference, the cached result is reported again
 * and nothing runs.
 */
public final class InferShapes implements ModelPass {
  @Override
  public String id() {
    return "infer-shapes";
  }

  @Override
  public void run(Model model, PassContext context) {
    ShapeInference.Result result = context.analyses().shapes(model);
    for (Finding d : result.diagnostics()) {
      if (!InferenceCheck.NO_RULE.matches(d)) {
        context.report(d.toString());
      }
    }
    if (!result.operatorsWithoutRule().isEmpty()) {
      context.report("no inference rule for " + String.join(", ", result.operatorsWithoutRule()));
    }
  }
}
