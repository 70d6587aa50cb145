package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.List;
import java.util.Optional;

/**
 * {@code Slice(x, starts, ends, axes, steps) = x} when every sliced axis is taken whole: step 1,
 * start clamping to 0 (0, or ≤ −dim for a static dim), end clamping to the dim (≥ the static dim,
 * or ≥ INT32_MAX, which exporters write for "to the end"; no axis of a real tensor is that long).
 * Axes default to 0…n−1; negative axes need the rank of x. Constant starts, ends, axes and steps
 * only.
 */
public final class EliminateFullSlice extends RewriteRule {
  private static final long TO_THE_END = Integer.MAX_VALUE;

  public EliminateFullSlice() {
    // NOTE: from opset 10, where starts/ends/axes/steps became inputs.
    super("eliminate-full-slice", OpId.onnx("Slice"), OpsetRange.of(10, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Slice", p.var("x"), p.constant("starts"), p.constant("ends"), p.optionalConstant("axes"),
        p.optionalConstant("steps")).named("slice");
  }

  @Override
  protected MatchResult check(Match m) {
    for (String operand : List.of("starts", "ends", "axes", "steps")) {
      Optional<Tensor> t = m.optionalTensor(operand);
      if (t.isPresent() && t.get().longsIfInteger().isEmpty()) {
        return MatchResult.fail("the " + operand + " constant is of element type " + t.get().dataType().displayName()
            + ", not int64 or int32");
      }
    }
    long[] starts = m.tensor("starts").toLongArray();
    long[] ends = m.tensor("ends").toLongArray();
    if (starts.length != ends.length) {
      return MatchResult.fail("starts and ends differ in length");
    }
    long[] axes = m.optionalTensor("axes").map(Tensor::toLongArray).orElse(null);
    long[] steps = m.optionalTensor("steps").map(Tensor::toLongArray).orElse(null);
    if ((axes != null && axes.length != starts.length) || (steps != null && steps.length != starts.length)) {
      // NOTE: the spec needs one axis and one step per start; a model breaking that is not rewritten.
      return MatchResult.fail("axes or steps differ in length from starts");
    }
    Value x = m.value("x");
    Optional<Shape> shape = x.shape();
    for (int i = 0; i < starts.length; i++) {
      if (steps != null && steps[i] != 1) {
        return MatchResult.fail("step " + steps[i] + " on the " + i + "-th sliced axis");
      }
      long axis = axes == null ? i : axes[i];
      Dim dim = null;
      if (axis < 0 || shape.isPresent()) {
        if (shape.isEmpty()) {
          return MatchResult.fail("negative axis " + axis + " and the rank of '" + x.name() + "' is unknown");
        }
        long a = axis < 0 ? axis + shape.get().rank() : axis;
        if (a < 0 || a >= shape.get().rank()) {
          return MatchResult.fail("axis " + axis + " is out of range for " + shape.get());
        }
        dim = shape.get().dim((int) a);
      }
      long size = dim instanceof Dim.Static s ? s.value() : -1;
      boolean fromStart = starts[i] == 0 || (size >= 0 && starts[i] <= -size);
      boolean toEnd = ends[i] >= TO_THE_END || (size >= 0 && ends[i] >= size);
      if (!fromStart || !toEnd) {
        return MatchResult.fail("[" + starts[i] + ":" + ends[i] + "] on axis " + axis + " of size " + (dim == null ? "?" : dim)
            + " may not cover it");
      }
    }
    return MatchResult.success();
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
