package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;

/**
 * Object-detection post-processing: NonMaxSuppression selects a number of boxes known only at run
 * time, so its {@code [selected, 3]} output gets a fresh symbol.
 */
public final class DetectionRules {
  private DetectionRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("NonMaxSuppression", 10, DetectionRules::nonMaxSuppression);
  }

  static void nonMaxSuppression(InferenceContext ctx) {
    ctx.setOutput(0, DataType.INT64, SymShape.of(ctx.freshSymbol("nms_selected"), SymExpr.of(3)));
  }
}
