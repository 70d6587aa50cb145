package dev.scalpel.opset.infer;

import dev.scalpel.opset.infer.rules.DataDependentRules;
import dev.scalpel.opset.infer.rules.ElementwiseRules;
import dev.scalpel.opset.infer.rules.ExpansionRules;
import dev.scalpel.opset.infer.rules.GenerationRules;
import dev.scalpel.opset.infer.rules.IndexingRules;
import dev.scalpel.opset.infer.rules.LayoutRules;
import dev.scalpel.opset.infer.rules.ResizeRules;
import dev.scalpel.opset.infer.rules.ShapeManipulationRules;
import dev.scalpel.opset.infer.rules.ShapeValueRules;
import dev.scalpel.opset.infer.rules.SliceRules;

/** Assembles {@link InferenceRules#standard()} from the rule families, one class per family. */
final class StandardRules {
  private StandardRules() {}

  static InferenceRules build() {
    InferenceRules.Builder b = InferenceRules.builder();
    ElementwiseRules.register(b);
    ShapeValueRules.register(b);
    IndexingRules.register(b);
    SliceRules.register(b);
    ShapeManipulationRules.register(b);
    ExpansionRules.register(b);
    LayoutRules.register(b);
    ResizeRules.register(b);
    GenerationRules.register(b);
    DataDependentRules.register(b);
    return b.build();
  }
}
