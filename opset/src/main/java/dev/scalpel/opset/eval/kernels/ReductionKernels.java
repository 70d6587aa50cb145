package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * ReduceSum, ReduceProd, ReduceMin, ReduceMax, ReduceSumSquare and ReduceMean (floats only). Axes
 * are an attribute until they become an input (ReduceSum at 13, the others at 18); {@code keepdims}
 * keeps reduced dims as 1; with no axes every dim is reduced unless {@code noop_with_empty_axes}
 * (once axes are an input) makes the node an identity. An empty reduction yields the operation's
 * identity: 0, 1, or the type's largest (for Min) or smallest (for Max) value.
 */
public final class ReductionKernels {
  private ReductionKernels() {}

  /** How elements fold into one result. */
  private enum Reduction { SUM, PROD, MIN, MAX, SUM_SQUARE, MEAN }

  public static void register(Kernels.Builder b) {
    register(b, "ReduceSum", Reduction.SUM, 13);
    register(b, "ReduceProd", Reduction.PROD, 18);
    register(b, "ReduceMin", Reduction.MIN, 18);
    register(b, "ReduceMax", Reduction.MAX, 18);
    register(b, "ReduceSumSquare", Reduction.SUM_SQUARE, 18);
    register(b, "ReduceMean", Reduction.MEAN, 18);
  }

  private static void register(Kernels.Builder b, String op, Reduction r, int axesBecomeInput) {
    b.add(op, 1, ctx -> reduce(ctx, r, ctx.intsAttribute("axes").orElse(new long[0]), false));
    b.add(op, axesBecomeInput, ctx -> reduce(ctx, r,
        ctx.hasInput(1) ? ShapeKernels.indexInput(ctx, 1) : new long[0], ctx.intAttribute("noop_with_empty_axes", 0) == 1));
  }

  private static List<Tensor> reduce(EvalContext ctx, Reduction r, long[] axes, boolean noopWhenEmpty) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    if (a.kind() == NdArray.Kind.TEXT) {
      throw ctx.fail("cannot reduce strings");
    }
    if (r == Reduction.MEAN && a.kind() != NdArray.Kind.REAL) {
      throw ctx.fail("ReduceMean is evaluated for floating-point inputs only");
    }
    if (a.type() == DataType.BOOL && r != Reduction.MIN && r != Reduction.MAX) {
      throw ctx.fail("cannot sum or multiply bools");
    }
    if (axes.length == 0 && noopWhenEmpty) {
      return List.of(a.toTensor());
    }
    int rank = a.rank();
    boolean[] reduced = new boolean[rank];
    if (axes.length == 0) {
      java.util.Arrays.fill(reduced, true);
    } else {
      for (int axis : AxisArguments.normalizeAll(ctx, axes, rank)) {
        reduced[axis] = true;
      }
    }
    boolean keepDims = ctx.intAttribute("keepdims", 1) == 1;
    long[] dims = a.dims();
    long[] kept = new long[rank];
    int outRank = 0;
    for (int i = 0; i < rank; i++) {
      kept[i] = reduced[i] ? 1 : dims[i];
      if (keepDims || !reduced[i]) {
        outRank++;
      }
    }
    long[] outDims = new long[outRank];
    for (int i = 0, o = 0; i < rank; i++) {
      if (keepDims || !reduced[i]) {
        outDims[o++] = kept[i];
      }
    }
    long[] keptStrides = Strides.of(kept);
    for (int i = 0; i < rank; i++) {
      if (reduced[i]) {
        keptStrides[i] = 0;
      }
    }
    int[] target = Odometer.offsets(dims, keptStrides, 0);
    NdArray out = NdArray.allocate(ctx, a.type(), outDims);
    long group = a.size() / Math.max(1, out.size());
    if (a.kind() == NdArray.Kind.REAL) {
      double[] acc = new double[out.size()];
      java.util.Arrays.fill(acc, realIdentity(r));
      for (int k = 0; k < target.length; k++) {
        acc[target[k]] = combine(r, acc[target[k]], a.getDouble(k));
      }
      for (int k = 0; k < acc.length; k++) {
        out.setDouble(k, r == Reduction.MEAN ? acc[k] / group : acc[k]);
      }
    } else {
      long[] acc = new long[out.size()];
      java.util.Arrays.fill(acc, integerIdentity(r, a.type()));
      boolean unsigned = a.isUnsigned64();
      for (int k = 0; k < target.length; k++) {
        acc[target[k]] = combine(r, acc[target[k]], a.getLong(k), unsigned);
      }
      for (int k = 0; k < acc.length; k++) {
        out.setLong(k, acc[k]);
      }
    }
    return List.of(out.toTensor());
  }

  private static double realIdentity(Reduction r) {
    switch (r) {
      case PROD: return 1;
      case MIN: return Double.POSITIVE_INFINITY;
      case MAX: return Double.NEGATIVE_INFINITY;
      default: return 0;
    }
  }

  private static long integerIdentity(Reduction r, DataType type) {
    switch (r) {
      case PROD: return 1;
      case MIN: return IntegerRange.max(type);
      case MAX: return IntegerRange.min(type);
      default: return 0;
    }
  }

  private static double combine(Reduction r, double acc, double x) {
    switch (r) {
      case PROD: return acc * x;
      case MIN: return Math.min(acc, x);
      case MAX: return Math.max(acc, x);
      case SUM_SQUARE: return acc + x * x;
      default: return acc + x;
    }
  }

  private static long combine(Reduction r, long acc, long x, boolean unsigned) {
    switch (r) {
      case PROD: return acc * x;
      case MIN: return (unsigned ? Long.compareUnsigned(x, acc) < 0 : x < acc) ? x : acc;
      case MAX: return (unsigned ? Long.compareUnsigned(x, acc) > 0 : x > acc) ? x : acc;
      case SUM_SQUARE: return acc + x * x;
      default: return acc + x;
    }
  }
}
