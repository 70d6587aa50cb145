package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operators whose output size depends on input values: NonZero, Unique, Compress, and TopK with
 * a runtime k (an attribute before opset 10, an input from it). Such sizes get fresh named
 * symbols, unless the deciding values are constants.
 */
public final class DataDependentRules {
  private DataDependentRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("NonZero", 9, DataDependentRules::nonZero);
    b.add("Unique", 11, DataDependentRules::unique);
    b.add("Compress", 9, DataDependentRules::compress);
    b.add("TopK", 1, DataDependentRules::topK);
  }

  /** [rank, count of non-zeros]. */
  static void nonZero(InferenceContext ctx) {
    Optional<SymShape> in = ctx.inputShape(0);
    SymExpr rank = in.map(s -> SymExpr.of(s.rank())).orElse(null);
    Optional<double[]> data = ctx.inputConstant(0).flatMap(TensorNumbers::of);
    SymExpr count;
    if (data.isPresent()) {
      count = SymExpr.of(Arrays.stream(data.get()).filter(x -> x != 0).count());
    } else {
      count = ctx.freshSymbol(ctx.node().output(0).name() + "_count");
    }
    ctx.setOutput(0, DataType.INT64, SymShape.of(rank, count));
  }

  /**
   * Y: the unique elements (flattened, or slices along axis); indices and counts: one per unique
   * element; inverse_indices: one per input element (or slice).
   */
  static void unique(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    Optional<Long> axisAttr = ctx.intAttribute("axis");
    SymExpr count = constantUniqueCount(ctx, in, axisAttr).orElseGet(() -> ctx.freshSymbol(
        ctx.node().output(0).name().isEmpty() ? "unique_count" : ctx.node().output(0).name() + "_count"));
    SymShape y = null;
    SymExpr inverse = null;
    if (axisAttr.isEmpty()) {
      y = SymShape.of(count);
      inverse = in.map(SymShape::elementCount).orElse(null);
    } else if (in.isPresent()) {
      Optional<Integer> axis = TensorAxes.normalize(axisAttr.get(), in.get().rank());
      if (axis.isEmpty()) {
        ctx.fail("Unique axis " + axisAttr.get() + " out of range for rank " + in.get().rank());
        return;
      }
      y = in.get().withDim(axis.get(), count);
      inverse = in.get().dim(axis.get());
    }
    SymShape yShape = y;
    type.ifPresent(t -> ctx.setOutput(0, t, yShape));
    ctx.setOutput(1, DataType.INT64, SymShape.of(count));
    ctx.setOutput(2, DataType.INT64, SymShape.of(inverse));
    ctx.setOutput(3, DataType.INT64, SymShape.of(count));
  }

  /** The number of distinct elements (or slices along axis) of a constant input. */
  private static Optional<SymExpr> constantUniqueCount(InferenceContext ctx, Optional<SymShape> in, Optional<Long> axisAttr) {
    Optional<double[]> data = ctx.inputConstant(0).flatMap(TensorNumbers::of);
    if (data.isEmpty() || in.isEmpty() || !in.get().isStatic()) {
      return Optional.empty();
    }
    if (axisAttr.isEmpty()) {
      return Optional.of(SymExpr.of(Arrays.stream(data.get()).distinct().count()));
    }
    Optional<Integer> axis = TensorAxes.normalize(axisAttr.get(), in.get().rank());
    if (axis.isEmpty()) {
      return Optional.empty();
    }
    long outer = 1;
    long inner = 1;
    int n;
    try {
      for (int k = 0; k < in.get().rank(); k++) {
        long d = in.get().dim(k).constantValue();
        if (k < axis.get()) {
          outer = Math.multiplyExact(outer, d);
        } else if (k > axis.get()) {
          inner = Math.multiplyExact(inner, d);
        }
      }
      n = Math.toIntExact(in.get().dim(axis.get()).constantValue());
    } catch (ArithmeticException overflow) {
      // NOTE: possible only with a 0 among the dims (the data would not fit otherwise); the count
      // is left unknown rather than computed from wrapped sizes.
      return Optional.empty();
    }
    Set<List<Double>> slices = new HashSet<>();
    for (int j = 0; j < n; j++) {
      List<Double> slice = new ArrayList<>();
      for (long o = 0; o < outer; o++) {
        for (long i = 0; i < inner; i++) {
          slice.add(data.get()[(int) ((o * n + j) * inner + i)]);
        }
      }
      slices.add(slice);
    }
    return Optional.of(SymExpr.of(slices.size()));
  }

  /** The input with the selected slices along axis (or a 1-D list of selected elements). */
  static void compress(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<Long> axisAttr = ctx.intAttribute("axis");
    SymExpr limit = null;
    Integer axis = null;
    if (axisAttr.isPresent() && in.isPresent()) {
      Optional<Integer> a = TensorAxes.normalize(axisAttr.get(), in.get().rank());
      if (a.isEmpty()) {
        ctx.fail("Compress axis " + axisAttr.get() + " out of range for rank " + in.get().rank());
        return;
      }
      axis = a.get();
      limit = in.get().dim(axis);
    } else if (axisAttr.isEmpty() && in.isPresent()) {
      limit = in.get().elementCount();
    }
    SymExpr selected = selectedCount(ctx, limit);
    if (axisAttr.isEmpty()) {
      ctx.setOutput(0, type.get(), SymShape.of(selected));
    } else {
      ctx.setOutput(0, type.get(), axis == null ? null : in.get().withDim(axis, selected));
    }
  }

  /**
   * The number of true entries of a constant condition among the first {@code limit} (a condition
   * shorter than the axis selects nothing beyond its end); a fresh symbol otherwise.
   */
  private static SymExpr selectedCount(InferenceContext ctx, SymExpr limit) {
    Optional<double[]> cond = ctx.inputConstant(1).flatMap(TensorNumbers::of);
    if (cond.isPresent()) {
      long n = cond.get().length;
      if (limit != null && limit.isConstant()) {
        n = Math.min(n, limit.constantValue());
      } else if (limit != null) {
        n = -1;
      }
      if (n >= 0) {
        long count = 0;
        for (int i = 0; i < n; i++) {
          count += cond.get()[i] != 0 ? 1 : 0;
        }
        return SymExpr.of(count);
      }
    }
    return ctx.freshSymbol(ctx.node().output(0).name() + "_count");
  }

  /** Values and indices: the input with the axis dim replaced by k. */
  static void topK(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (in.isEmpty()) {
      type.ifPresent(t -> ctx.setOutput(0, t, null));
      ctx.setOutput(1, DataType.INT64, null);
      return;
    }
    long axisAttr = ctx.intAttribute("axis", -1);
    Optional<Integer> axis = TensorAxes.normalize(axisAttr, in.get().rank());
    if (axis.isEmpty()) {
      ctx.fail("TopK axis " + axisAttr + " out of range for rank " + in.get().rank());
      return;
    }
    SymExpr k = null;
    if (ctx.opsetVersion() < 10) {
      k = ctx.intAttribute("k").map(SymExpr::of).orElse(null);
    } else {
      Optional<PartialValue> kv = ctx.inputValue(1);
      k = kv.isPresent() && kv.get().size() == 1 ? kv.get().get(0) : null;
    }
    if (k == null) {
      k = ctx.freshSymbol(ctx.node().output(0).name() + "_k");
    }
    SymShape out = in.get().withDim(axis.get(), k);
    type.ifPresent(t -> ctx.setOutput(0, t, out));
    ctx.setOutput(1, DataType.INT64, out);
  }
}
