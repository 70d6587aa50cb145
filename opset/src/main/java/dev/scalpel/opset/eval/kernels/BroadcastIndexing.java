package dev.scalpel.opset.eval.kernels;

import dev.scalpel.opset.eval.EvalContext;
import java.util.Arrays;

/**
 * Multidirectional (numpy) broadcasting of concrete shapes, and which input element each output
 * element reads: shapes align at their last dims; each pair of dims must be equal or one of them
 * 1, and the result takes the other. (Symbolic shapes broadcast in {@link
 * dev.scalpel.opset.infer.Broadcasting}.)
 */
final class BroadcastIndexing {
  private BroadcastIndexing() {}

  /** The shape all of {@code shapes} broadcast to. */
  static long[] shape(EvalContext ctx, long[]... shapes) {
    int rank = 0;
    for (long[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    for (long[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int o = rank - s.length + i;
        long d = s[i];
        if (d < 0) {
          // NOTE: Expand(x, [-1032449765961771522]) passed the budget as a negative element count and
          // its index map then took the heap (found by FoldFuzzTest).
          throw ctx.fail("negative dim in shapes " + describe(shapes));
        }
        if (d == out[o] || d == 1) {
          continue;
        }
        if (out[o] != 1) {
          throw ctx.fail("shapes " + describe(shapes) + " do not broadcast");
        }
        out[o] = d;
      }
    }
    return out;
  }

  /** For each element of {@code outDims}, the index of the element of {@code inDims} it reads. */
  static int[] sources(long[] inDims, long[] outDims) {
    int rank = outDims.length;
    long[] inStrides = Strides.of(inDims);
    long[] effective = new long[rank];
    for (int i = 0; i < inDims.length; i++) {
      int o = rank - inDims.length + i;
      effective[o] = inDims[i] == 1 ? 0 : inStrides[i];
    }
    return Odometer.offsets(outDims, effective, 0);
  }

  private static String describe(long[][] shapes) {
    StringBuilder sb = new StringBuilder();
    for (long[] s : shapes) {
      sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(s));
    }
    return sb.toString();
  }
}
