package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * Comparisons and logic with boolean results: Equal, Less, Greater, LessOrEqual, GreaterOrEqual,
 * And, Or, Xor, and Where's selection. NaN compares unequal and unordered. Before opset 7 operands
 * broadcast only as the legacy {@code broadcast}/{@code axis} attributes say.
 */
public final class ComparisonKernels {
  private ComparisonKernels() {}

  /** Which outcomes of a three-way comparison make the result true. */
  private enum Relation {
    EQUAL(false, true, false), LESS(true, false, false), GREATER(false, false, true),
    LESS_OR_EQUAL(true, true, false), GREATER_OR_EQUAL(false, true, true);

    final boolean whenLess;
    final boolean whenEqual;
    final boolean whenGreater;

    Relation(boolean whenLess, boolean whenEqual, boolean whenGreater) {
      this.whenLess = whenLess;
      this.whenEqual = whenEqual;
      this.whenGreater = whenGreater;
    }

    boolean holds(int comparison) {
      return comparison < 0 ? whenLess : comparison == 0 ? whenEqual : whenGreater;
    }
  }

  public static void register(Kernels.Builder b) {
    b.add("Equal", 1, ctx -> compare(ctx, true, Relation.EQUAL));
    b.add("Equal", 7, ctx -> compare(ctx, false, Relation.EQUAL));
    b.add("Less", 1, ctx -> compare(ctx, true, Relation.LESS));
    b.add("Less", 7, ctx -> compare(ctx, false, Relation.LESS));
    b.add("Greater", 1, ctx -> compare(ctx, true, Relation.GREATER));
    b.add("Greater", 7, ctx -> compare(ctx, false, Relation.GREATER));
    b.add("LessOrEqual", 12, ctx -> compare(ctx, false, Relation.LESS_OR_EQUAL));
    b.add("GreaterOrEqual", 12, ctx -> compare(ctx, false, Relation.GREATER_OR_EQUAL));
    logic(b, "And", (x, y) -> x & y);
    logic(b, "Or", (x, y) -> x | y);
    logic(b, "Xor", (x, y) -> x ^ y);
    b.add("Where", 9, ComparisonKernels::where);
  }

  private static List<Tensor> compare(EvalContext ctx, boolean legacy, Relation relation) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray b = NdArray.read(ctx, ctx.input(1));
    Elementwise.requireSameType(ctx, a, b);
    if (legacy) {
      b = Elementwise.legacyAlign(ctx, a, b);
    }
    NdArray out;
    if (a.kind() == NdArray.Kind.TEXT) {
      if (relation != Relation.EQUAL) {
        throw ctx.fail("strings can only be compared for equality");
      }
      out = Elementwise.binary(ctx, a, b, DataType.BOOL, (x, i, y, j, o, k) -> o.setLong(k, Arrays.equals(x.getText(i), y.getText(j)) ? 1 : 0));
    } else if (a.kind() == NdArray.Kind.REAL) {
      out = Elementwise.binary(ctx, a, b, DataType.BOOL, (x, i, y, j, o, k) -> {
        double p = x.getDouble(i);
        double q = y.getDouble(j);
        // NOTE: not Double.compare, which orders NaN and -0.0; IEEE comparison is what ONNX means.
        boolean result = p < q ? relation.whenLess : p == q ? relation.whenEqual : p > q && relation.whenGreater;
        o.setLong(k, result ? 1 : 0);
      });
    } else {
      boolean unsigned = a.isUnsigned64();
      out = Elementwise.binary(ctx, a, b, DataType.BOOL, (x, i, y, j, o, k) -> {
        int c = unsigned ? Long.compareUnsigned(x.getLong(i), y.getLong(j)) : Long.compare(x.getLong(i), y.getLong(j));
        o.setLong(k, relation.holds(c) ? 1 : 0);
      });
    }
    return List.of(out.toTensor());
  }

  private static void logic(Kernels.Builder b, String op, java.util.function.LongBinaryOperator f) {
    b.add(op, 1, ctx -> logical(ctx, true, f));
    b.add(op, 7, ctx -> logical(ctx, false, f));
  }

  private static List<Tensor> logical(EvalContext ctx, boolean legacy, java.util.function.LongBinaryOperator f) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray b = NdArray.read(ctx, ctx.input(1));
    if (a.type() != DataType.BOOL || b.type() != DataType.BOOL) {
      throw ctx.fail("needs bool inputs, got " + a.type().displayName() + " and " + b.type().displayName());
    }
    if (legacy) {
      b = Elementwise.legacyAlign(ctx, a, b);
    }
    return List.of(Elementwise.binary(ctx, a, b, DataType.BOOL, (x, i, y, j, o, k) -> o.setLong(k, f.applyAsLong(x.getLong(i), y.getLong(j)))).toTensor());
  }

  private static List<Tensor> where(EvalContext ctx) {
    NdArray cond = NdArray.read(ctx, ctx.input(0));
    NdArray x = NdArray.read(ctx, ctx.input(1));
    NdArray y = NdArray.read(ctx, ctx.input(2));
    if (cond.type() != DataType.BOOL) {
      throw ctx.fail("condition must be bool, got " + cond.type().displayName());
    }
    Elementwise.requireSameType(ctx, x, y);
    long[] outDims = BroadcastIndexing.shape(ctx, cond.dims(), x.dims(), y.dims());
    NdArray out = NdArray.allocate(ctx, x.type(), outDims);
    int[] ic = BroadcastIndexing.sources(cond.dims(), outDims);
    int[] ix = BroadcastIndexing.sources(x.dims(), outDims);
    int[] iy = BroadcastIndexing.sources(y.dims(), outDims);
    for (int k = 0; k < ic.length; k++) {
      if (cond.getLong(ic[k]) != 0) {
        out.copy(x, ix[k], k);
      } else {
        out.copy(y, iy[k], k);
      }
    }
    return List.of(out.toTensor());
  }
}
