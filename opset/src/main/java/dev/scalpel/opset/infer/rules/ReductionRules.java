package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reductions: the Reduce* family (axes an attribute until ReduceSum-13 and the others' opset 18,
 * an input since; keepdims; noop_with_empty_axes) and ArgMax/ArgMin (one axis, int64 result).
 */
public final class ReductionRules {
  private ReductionRules() {}

  private static final String[] AXES_INPUT_SINCE_18 = {
    "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
    "ReduceLogSumExp", "ReduceSumSquare"
  };

  public static void register(InferenceRules.Builder b) {
    for (String op : AXES_INPUT_SINCE_18) {
      b.add(op, 1, ctx -> reduce(ctx, false));
      b.add(op, 18, ctx -> reduce(ctx, true));
    }
    b.add("ReduceSum", 1, ctx -> reduce(ctx, false));
    b.add("ReduceSum", 13, ctx -> reduce(ctx, true));
    b.addAll(ReductionRules::argReduce, "ArgMax", "ArgMin");
  }

  static void reduce(InferenceContext ctx, boolean axesInput) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> x = ctx.inputShape(0);
    boolean keepDims = ctx.intAttribute("keepdims", 1) != 0;
    if (x.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = x.get().rank();
    Optional<long[]> axes;
    if (!axesInput) {
      axes = Optional.of(ctx.intsAttribute("axes").orElse(List.of()).stream().mapToLong(Long::longValue).toArray());
    } else if (!ctx.hasInput(1)) {
      axes = Optional.of(new long[0]);
    } else {
      axes = ctx.inputLongs(1);
    }
    if (axes.isEmpty()) {
      ctx.setOutput(0, type.get(), unknownAxesShape(ctx, rank, keepDims));
      return;
    }
    if (axes.get().length == 0 && axesInput && ctx.intAttribute("noop_with_empty_axes", 0) != 0) {
      ctx.setOutput(0, type.get(), x.get());
      return;
    }
    boolean[] reduced = new boolean[rank];
    for (long a : axes.get()) {
      int axis = TensorAxes.normalize(a, rank).orElse(-1);
      if (axis < 0) {
        ctx.fail("axis " + a + " out of range for rank " + rank);
        return;
      }
      reduced[axis] = true;
    }
    if (axes.get().length == 0) {
      Arrays.fill(reduced, true);
    }
    ctx.setOutput(0, type.get(), reducedShape(x.get(), reduced, keepDims));
  }

  /** Axes known only at run time: the rank is known with keepdims, or from the axes' length. */
  private static SymShape unknownAxesShape(InferenceContext ctx, int rank, boolean keepDims) {
    if (keepDims) {
      return SymShape.unknownDims(rank);
    }
    Optional<SymExpr> count = ctx.inputShape(1).filter(s -> s.rank() == 1).map(s -> s.dim(0));
    if (count.isPresent() && count.get() != null && count.get().isConstant() && count.get().constantValue() > 0) {
      return SymShape.unknownDims(rank - (int) count.get().constantValue());
    }
    return null;
  }

  static SymShape reducedShape(SymShape x, boolean[] reduced, boolean keepDims) {
    List<SymExpr> out = new ArrayList<>();
    for (int i = 0; i < x.rank(); i++) {
      if (!reduced[i]) {
        out.add(x.dim(i));
      } else if (keepDims) {
        out.add(SymExpr.of(1));
      }
    }
    return SymShape.of(out);
  }

  static void argReduce(InferenceContext ctx) {
    Optional<SymShape> x = ctx.inputShape(0);
    if (x.isEmpty()) {
      ctx.setOutput(0, DataType.INT64, null);
      return;
    }
    int rank = x.get().rank();
    int axis = TensorAxes.normalize(ctx.intAttribute("axis", 0), rank).orElse(-1);
    if (axis < 0) {
      ctx.fail("axis out of range for rank " + rank);
      return;
    }
    boolean[] reduced = new boolean[rank];
    reduced[axis] = true;
    ctx.setOutput(0, DataType.INT64, reducedShape(x.get(), reduced, ctx.intAttribute("keepdims", 1) != 0));
  }
}
