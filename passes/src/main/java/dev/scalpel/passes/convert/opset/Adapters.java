package dev.scalpel.passes.convert.opset;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link OpAdapter} of each operator change that is more than a widening of types, by operator
 * and the version that made it ({@code "Softmax@13"}). A change not listed here is carried by the
 * converter's comparison of the two schemas, which refuses what it cannot prove equal; changes of
 * meaning that leave the signature as it was must therefore be listed (Softmax's axis at 13,
 * Resize's and Pad's new modes at 19, GroupNormalization's scale at 21, Scatter's reductions at 18).
 */
final class Adapters {
  private static final Map<String, OpAdapter> BY_CHANGE = new HashMap<>();

  static {
    OpAdapter axes = new AxesInput("axes");
    put(axes, 13, "Squeeze", "Unsqueeze", "ReduceSum");
    put(axes, 18, "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
        "ReduceLogSumExp", "ReduceSumSquare");
    put(new AxesInput("split"), 13, "Split");
    put(new SplitNumOutputs(), 18, "Split");
    put(new SoftmaxAxis(), 13, "Softmax", "LogSoftmax", "Hardmax");
    put(new ResizeForms.At11(), 11, "Resize");
    put(new ResizeForms.At13(), 13, "Resize");
    put(new NewAttributeValues("coordinate_transformation_mode", "half_pixel_symmetric"), 19, "Resize");
    put(new ResizeForms.UpsampleToResize(), 10, "Upsample");
    put(new PadForms.At11(), 11, "Pad");
    put(new NewAttributeValues("mode", "wrap"), 19, "Pad");
    put(new ClipInputs(), 11, "Clip");
    put(new DropoutRatio(), 12, "Dropout");
    put(Expansion.LAYER_NORMALIZATION, 17, "LayerNormalization");
    put(Expansion.GELU, 20, "Gelu");
    put(Expansion.HARD_SWISH, 14, "HardSwish");
    put(Expansion.OR_EQUAL, 12, "GreaterOrEqual", "LessOrEqual");
    put(new ShapeRange(), 15, "Shape");
    put(new ReshapeAllowZero(), 14, "Reshape");
    put(new GroupNormScale(), 21, "GroupNormalization");
    put(new NewAttributeValues("reduction", "max", "min"), 18, "ScatterElements", "ScatterND");
    put(new BatchNormTraining(), 14, "BatchNormalization");
  }

  private Adapters() {}

  private static void put(OpAdapter adapter, int version, String... ops) {
    for (String op : ops) {
      BY_CHANGE.put(op + "@" + version, adapter);
    }
  }

  /** The adapter of {@code op}'s change at {@code version}, or null. */
  static OpAdapter find(String op, long version) {
    return BY_CHANGE.get(op + "@" + version);
  }
}
