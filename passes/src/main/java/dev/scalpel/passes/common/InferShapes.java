package dev.scalpel.passes.common;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.infer.InferenceCheck;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;

/** Types every value it can ({@link ShapeInference}); conflicts and errors become diagnostics. */
public final class InferShapes implements ModelPass {
  @Override
  public String id() {
    return "infer-shapes";
  }

  @Override
  public void run(Model model, PassContext context) {
    ShapeInference.Result result = ShapeInference.run(model);
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
