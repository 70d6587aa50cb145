package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * MatMul as numpy's matmul: the last two axes multiply as matrices, the axes before them broadcast;
 * a 1D first operand is a row (its axis removed from the result), a 1D second operand a column.
 * Floats are summed in double and rounded once to the element type; integers wrap to it.
 *
 * <p>NOTE: a product of more than {@link #MAX_MULTIPLY_ADDS} multiply-adds is left to another
 * evaluator (ONNX Runtime, when it is there), as unsupported: the plain Java loops would take
 * minutes on the weight-sized products a model may hold.
 */
public final class MatMulKernel {
  private MatMulKernel() {}

  static final long MAX_MULTIPLY_ADDS = 50_000_000L;

  public static void register(Kernels.Builder b) {
    b.add("MatMul", 1, MatMulKernel::matMul);
  }

  private static List<Tensor> matMul(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray b = NdArray.read(ctx, ctx.input(1));
    Elementwise.requireSameType(ctx, a, b);
    ArithmeticKernels.requireNumeric(ctx, a);
    if (a.rank() == 0 || b.rank() == 0) {
      throw ctx.fail("MatMul of a scalar");
    }
    long[] ad = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.dims();
    long[] bd = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.dims();
    long m = ad[ad.length - 2];
    long k = ad[ad.length - 1];
    long n = bd[bd.length - 1];
    if (bd[bd.length - 2] != k) {
      throw ctx.fail("shapes " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims()) + " do not multiply");
    }
    long[] batch = BroadcastIndexing.shape(ctx, Arrays.copyOf(ad, ad.length - 2), Arrays.copyOf(bd, bd.length - 2));
    long batches = Strides.count(batch);
    if (multiplyAdds(batches, m, n, k) > MAX_MULTIPLY_ADDS) {
      throw ctx.unsupported("a product of " + batches + " x " + m + " x " + n + " x " + k
          + " multiply-adds is beyond the Java kernel's limit of " + MAX_MULTIPLY_ADDS);
    }
    long[] outDims = Arrays.copyOf(batch, batch.length + 2);
    outDims[batch.length] = m;
    outDims[batch.length + 1] = n;
    NdArray out = NdArray.allocate(ctx, a.type(), outDims);
    int[] aBatch = BroadcastIndexing.sources(Arrays.copyOf(ad, ad.length - 2), batch);
    int[] bBatch = BroadcastIndexing.sources(Arrays.copyOf(bd, bd.length - 2), batch);
    boolean real = a.kind() == NdArray.Kind.REAL;
    int im = (int) m;
    int ik = (int) k;
    int in = (int) n;
    for (int t = 0; t < batches; t++) {
      int aBase = aBatch[t] * im * ik;
      int bBase = bBatch[t] * ik * in;
      int oBase = t * im * in;
      for (int i = 0; i < im; i++) {
        for (int j = 0; j < in; j++) {
          if (real) {
            double sum = 0;
            for (int p = 0; p < ik; p++) {
              sum += a.getDouble(aBase + i * ik + p) * b.getDouble(bBase + p * in + j);
            }
            out.setDouble(oBase + i * in + j, sum);
          } else {
            long sum = 0;
            for (int p = 0; p < ik; p++) {
              sum += a.getLong(aBase + i * ik + p) * b.getLong(bBase + p * in + j);
            }
            out.setLong(oBase + i * in + j, sum);
          }
        }
      }
    }
    long[] finalDims = outDims;
    if (a.rank() == 1 && b.rank() == 1) {
      finalDims = batch;
    } else if (a.rank() == 1) {
      finalDims = dropAxis(outDims, outDims.length - 2);
    } else if (b.rank() == 1) {
      finalDims = dropAxis(outDims, outDims.length - 1);
    }
    return List.of(out.reshaped(finalDims).toTensor());
  }

  private static long multiplyAdds(long batches, long m, long n, long k) {
    try {
      return Math.multiplyExact(Math.multiplyExact(batches, m), Math.multiplyExact(n, k));
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long[] dropAxis(long[] dims, int axis) {
    long[] out = new long[dims.length - 1];
    for (int i = 0, o = 0; i < dims.length; i++) {
      if (i != axis) {
        out[o++] = dims[i];
      }
    }
    return out;
  }
}
