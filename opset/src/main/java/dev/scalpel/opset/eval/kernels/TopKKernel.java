package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * TopK: the k largest (or, from opset 11 with {@code largest=0}, smallest) elements along an axis,
 * sorted, with their int64 indices; equal values in index order (the spec's tiebreak). k is an
 * attribute before opset 10, a one-element int64 input from 10 on.
 *
 * <p>Invariant: cases whose result the spec leaves open are refused: {@code sorted=0} (any order)
 * and NaN elements (no order is given for them).
 */
public final class TopKKernel {
  private TopKKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("TopK", 1, ctx -> topK(ctx, ctx.intAttribute("k", -1), true));
    b.add("TopK", 10, ctx -> topK(ctx, k(ctx), true));
    b.add("TopK", 11, ctx -> {
      if (ctx.intAttribute("sorted", 1) == 0) {
        throw ctx.fail("sorted=0 leaves the order of the result open");
      }
      return topK(ctx, k(ctx), ctx.intAttribute("largest", 1) != 0);
    });
  }

  private static long k(EvalContext ctx) {
    Tensor t = ctx.input(1);
    if (t.dataType() != DataType.INT64 || t.elementCount() != 1) {
      throw ctx.fail("K must hold one int64");
    }
    return t.toLongArray()[0];
  }

  private static List<Tensor> topK(EvalContext ctx, long k, boolean largest) {
    NdArray x = NdArray.read(ctx, ctx.input(0));
    ArithmeticKernels.requireNumeric(ctx, x);
    if (x.rank() == 0) {
      throw ctx.fail("TopK of a scalar");
    }
    int axis = AxisArguments.normalize(ctx, ctx.intAttribute("axis", -1), x.rank());
    long[] dims = x.dims();
    long n = dims[axis];
    if (k < 0 || k > n) {
      throw ctx.fail("k = " + k + " is outside [0, " + n + "]");
    }
    long[] outDims = dims.clone();
    outDims[axis] = k;
    NdArray values = NdArray.allocate(ctx, x.type(), outDims);
    NdArray indices = NdArray.allocate(ctx, DataType.INT64, outDims);
    boolean real = x.kind() == NdArray.Kind.REAL;
    boolean unsigned = x.isUnsigned64();
    int innerCount = 1;
    for (int a = axis + 1; a < dims.length; a++) {
      innerCount *= (int) dims[a];
    }
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= (int) dims[a];
    }
    final int inner = innerCount;
    Integer[] order = new Integer[(int) n];
    for (int o = 0; o < outer; o++) {
      for (int in = 0; in < inner; in++) {
        final int base = o * (int) n * inner + in;
        for (int i = 0; i < n; i++) {
          order[i] = i;
          if (real && Double.isNaN(x.getDouble(base + i * inner))) {
            throw ctx.fail("NaN has no place in the order TopK sorts by");
          }
        }
        Arrays.sort(order, (p, q) -> {
          int c = real ? Double.compare(x.getDouble(base + p * inner), x.getDouble(base + q * inner))
              : unsigned ? Long.compareUnsigned(x.getLong(base + p * inner), x.getLong(base + q * inner))
              : Long.compare(x.getLong(base + p * inner), x.getLong(base + q * inner));
          // NOTE: -0.0 and 0.0 are equal values here, so their index decides, as for any tie.
          if (real && x.getDouble(base + p * inner) == x.getDouble(base + q * inner)) {
            c = 0;
          }
          return c != 0 ? (largest ? -c : c) : Integer.compare(p, q);
        });
        for (int j = 0; j < k; j++) {
          int to = o * (int) k * inner + j * inner + in;
          values.copy(x, base + order[j] * inner, to);
          indices.setLong(to, order[j]);
        }
      }
    }
    return List.of(values.toTensor(), indices.toTensor());
  }
}
