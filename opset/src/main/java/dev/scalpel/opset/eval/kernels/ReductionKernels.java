package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * ReduceSum, ReduceProd, ReduceMin, ReduceMax, ReduceSumSquare, and ReduceMean, ReduceL1, ReduceL2,
 * ReduceLogSum, ReduceLogSumExp (the last five for floats only). Axes
 * are an attribute until they become an input (ReduceSum at 13, the others at 18); {@code keepdims}
 * keeps reduced dims as 1; with no axes every dim is reduced unless {@code noop_with_empty_axes}
 * (once axes are an input) makes the node an identity. An empty reduction yields the operation's
 * identity: 0, 1, or the type's largest (for Min) or smallest (for Max) value; then L2 takes the
 * square root (0), LogSum and LogSumExp the logarithm (-inf).
 *
 * <p>NOTE: LogSumExp subtracts each group's maximum before exponentiating (and adds it back after
 * the logarithm), so that a large element does not overflow exp where the result is finite.
 */
public final class ReductionKernels {
  private ReductionKernels() {}

  /** How elements fold into one result. */
  private enum Reduction {
    SUM, PROD, MIN, MAX, SUM_SQUARE, MEAN, L1, L2, LOG_SUM, LOG_SUM_EXP;

    /** Whether the kernel evaluates floating-point inputs only (integers go to the fallback). */
    boolean realOnly() {
      return this == L1 || this == L2 || this == LOG_SUM || this == LOG_SUM_EXP;
    }
  }

  public static void register(Kernels.Builder b) {
    register(b, "ReduceSum", Reduction.SUM, 13);
    register(b, "ReduceProd", Reduction.PROD, 18);
    register(b, "ReduceMin", Reduction.MIN, 18);
    register(b, "ReduceMax", Reduction.MAX, 18);
    register(b, "ReduceSumSquare", Reduction.SUM_SQUARE, 18);
    register(b, "ReduceMean", Reduction.MEAN, 18);
    register(b, "ReduceL1", Reduction.L1, 18);
    register(b, "ReduceL2", Reduction.L2, 18);
    register(b, "ReduceLogSum", Reduction.LOG_SUM, 18);
    register(b, "ReduceLogSumExp", Reduction.LOG_SUM_EXP, 18);
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
    if (r.realOnly() && a.kind() != NdArray.Kind.REAL) {
      throw ctx.unsupported(ctx.op().opType() + " is evaluated for floating-point inputs only");
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
      double[] shift = new double[out.size()];
      if (r == Reduction.LOG_SUM_EXP) {
        java.util.Arrays.fill(shift, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < target.length; k++) {
          shift[target[k]] = Math.max(shift[target[k]], a.getDouble(k));
        }
        for (int k = 0; k < shift.length; k++) {
          // NOTE: an empty group (-inf) or one holding +inf or NaN is not shifted: the plain sum gives its result.
          shift[k] = Double.isFinite(shift[k]) ? shift[k] : 0;
        }
      }
      double[] acc = new double[out.size()];
      java.util.Arrays.fill(acc, realIdentity(r));
      for (int k = 0; k < target.length; k++) {
        double x = a.getDouble(k);
        acc[target[k]] = combine(r, acc[target[k]], r == Reduction.LOG_SUM_EXP ? Math.exp(x - shift[target[k]]) : x);
      }
      for (int k = 0; k < acc.length; k++) {
        out.setDouble(k, finish(r, acc[k], group, shift[k]));
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

  /** The result of a group from its accumulated value ({@code shift}: what LogSumExp subtracted). */
  private static double finish(Reduction r, double acc, long group, double shift) {
    switch (r) {
      case MEAN: return acc / group;
      case L2: return Math.sqrt(acc);
      case LOG_SUM: return Math.log(acc);
      case LOG_SUM_EXP: return Math.log(acc) + shift;
      default: return acc;
    }
  }

  private static double combine(Reduction r, double acc, double x) {
    switch (r) {
      case L1: return acc + Math.abs(x);
      case L2: return acc + x * x;
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
