package dev.scalpel.opset.infer;

import dev.scalpel.opset.infer.rules.AttentionRules;
import dev.scalpel.opset.infer.rules.ControlFlowRules;
import dev.scalpel.opset.infer.rules.ConvolutionRules;
import dev.scalpel.opset.infer.rules.DataDependentRules;
import dev.scalpel.opset.infer.rules.DetectionRules;
import dev.scalpel.opset.infer.rules.EinsumRules;
import dev.scalpel.opset.infer.rules.ElementwiseRules;
import dev.scalpel.opset.infer.rules.ExpansionRules;
import dev.scalpel.opset.infer.rules.GenerationRules;
import dev.scalpel.opset.infer.rules.ImageRules;
import dev.scalpel.opset.infer.rules.IndexingRules;
import dev.scalpel.opset.infer.rules.LayoutRules;
import dev.scalpel.opset.infer.rules.LossRules;
import dev.scalpel.opset.infer.rules.MatrixRules;
import dev.scalpel.opset.infer.rules.NormalizationRules;
import dev.scalpel.opset.infer.rules.OptionalRules;
import dev.scalpel.opset.infer.rules.PoolingRules;
import dev.scalpel.opset.infer.rules.QuantizationRules;
import dev.scalpel.opset.infer.rules.RandomRules;
import dev.scalpel.opset.infer.rules.RecurrentRules;
import dev.scalpel.opset.infer.rules.ReductionRules;
import dev.scalpel.opset.infer.rules.ResizeRules;
import dev.scalpel.opset.infer.rules.SequenceRules;
import dev.scalpel.opset.infer.rules.ShapeManipulationRules;
import dev.scalpel.opset.infer.rules.ShapeValueRules;
import dev.scalpel.opset.infer.rules.SignalRules;
import dev.scalpel.opset.infer.rules.SliceRules;
import dev.scalpel.opset.infer.rules.TextRules;
import dev.scalpel.opset.infer.rules.TrainingRules;
import dev.scalpel.opset.infer.rules.TraditionalMlRules;

/** Assembles {@link InferenceRules#standard()} from the rule families, one class per family. */
final class StandardRules {
  private StandardRules() {}

  static InferenceRules build() {
    InferenceRules.Builder b = InferenceRules.builder();
    ElementwiseRules.register(b);
    ShapeValueRules.register(b);
    AttentionRules.register(b);
    ConvolutionRules.register(b);
    DetectionRules.register(b);
    EinsumRules.register(b);
    ImageRules.register(b);
    MatrixRules.register(b);
    NormalizationRules.register(b);
    LossRules.register(b);
    PoolingRules.register(b);
    QuantizationRules.register(b);
    RandomRules.register(b);
    RecurrentRules.register(b);
    ReductionRules.register(b);
    SignalRules.register(b);
    TextRules.register(b);
    IndexingRules.register(b);
    SliceRules.register(b);
    ShapeManipulationRules.register(b);
    ExpansionRules.register(b);
    LayoutRules.register(b);
    ResizeRules.register(b);
    GenerationRules.register(b);
    DataDependentRules.register(b);
    ControlFlowRules.register(b);
    SequenceRules.register(b);
    OptionalRules.register(b);
    TrainingRules.register(b);
    TraditionalMlRules.register(b);
    return b.build();
  }
}
