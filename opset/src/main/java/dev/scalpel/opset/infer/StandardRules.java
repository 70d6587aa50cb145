package dev.scalpel.opset.infer;

import dev.scalpel.opset.infer.rules.ControlFlowRules;
import dev.scalpel.opset.infer.rules.ElementwiseRules;
import dev.scalpel.opset.infer.rules.OptionalRules;
import dev.scalpel.opset.infer.rules.SequenceRules;
import dev.scalpel.opset.infer.rules.ShapeValueRules;

/** Assembles {@link InferenceRules#standard()} from the rule families, one class per family. */
final class StandardRules {
  private StandardRules() {}

  static InferenceRules build() {
    InferenceRules.Builder b = InferenceRules.builder();
    ElementwiseRules.register(b);
    ShapeValueRules.register(b);
    ControlFlowRules.register(b);
    SequenceRules.register(b);
    OptionalRules.register(b);
    return b.build();
  }
}
