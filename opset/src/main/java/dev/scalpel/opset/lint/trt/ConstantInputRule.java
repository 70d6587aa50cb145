package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import java.util.List;

/**
 * Inputs the parser needs as weights: an initializer or a Constant node's output, not a value
 * computed from constants (reference A.5, A.8: "... must be an initializer!"). Strict inputs are
 * checked with {@code assertIsWeights} and fail otherwise (error); lenient ones accept any value
 * known at parse time (shape arithmetic over static dims), so a computed value is a warning.
 */
final class ConstantInputRule implements TrtRule {
  /**
   * One input that must be constant.
   *
   * @param minOpset the opset from which the argument is an input (before, an attribute)
   * @param only86 whether only TensorRT 8.6 requires it (10.x takes a tensor)
   */
  private record Requirement(String opType, int input, String name, long minOpset, boolean strict, boolean only86) {}

  private static final List<Requirement> REQUIREMENTS = List.of(
      new Requirement("CumSum", 1, "axis", 11, true, false),
      new Requirement("Pad", 3, "axes", 18, true, false),
      new Requirement("ReduceSum", 1, "axes", 13, true, false),
      new Requirement("ReduceMean", 1, "axes", 18, true, false),
      new Requirement("ReduceMax", 1, "axes", 18, true, false),
      new Requirement("ReduceMin", 1, "axes", 18, true, false),
      new Requirement("ReduceProd", 1, "axes", 18, true, false),
      new Requirement("ReduceL1", 1, "axes", 18, true, false),
      new Requirement("ReduceL2", 1, "axes", 18, true, false),
      new Requirement("ReduceLogSum", 1, "axes", 18, true, false),
      new Requirement("ReduceLogSumExp", 1, "axes", 18, true, false),
      new Requirement("ReduceSumSquare", 1, "axes", 18, true, false),
      new Requirement("Squeeze", 1, "axes", 13, true, false),
      new Requirement("Unsqueeze", 1, "axes", 13, false, false),
      new Requirement("Slice", 3, "axes", 10, false, false),
      new Requirement("TopK", 1, "K", 10, true, false),
      new Requirement("OneHot", 1, "depth", 9, true, false),
      new Requirement("Dropout", 2, "training_mode", 12, true, false),
      new Requirement("Clip", 1, "min", 11, true, true),
      new Requirement("Clip", 2, "max", 11, true, true));

  @Override
  public String id() {
    return "trt-constant-input";
  }

  @Override
  public String description() {
    return "inputs the parser needs as initializers (weights)";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    long opset = NodeInputs.opset(model);
    for (Node node : model.graph().allNodes()) {
      for (Requirement r : REQUIREMENTS) {
        if (!NodeInputs.is(node, r.opType()) || opset < r.minOpset() || (r.only86() && version != TrtVersion.V8_6)) {
          continue;
        }
        Value v = NodeInputs.at(node, r.input());
        if (v == null || Constants.isStored(v)) {
          continue;
        }
        String message = node.opType() + " input " + r.input() + " (" + r.name() + ") '" + v.name() + "' is "
            + (v.isGraphInput() ? "a graph input" : "computed") + (r.strict()
                ? "; TensorRT " + version.label() + " requires an initializer (\"must be an initializer\")"
                : "; the parser needs its values at parse time, which holds only for shape arithmetic over static dims");
        out.add(Finding.of(id(), r.strict() ? Finding.Severity.ERROR : Finding.Severity.WARNING, node.describe(), v.name(),
            message, v.isGraphInput() ? "make '" + v.name() + "' a constant" : "fold constants (scalpel trt --fix)"));
      }
    }
  }
}
