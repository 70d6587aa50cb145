package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * HannWindow, HammingWindow and BlackmanWindow (opset 17): the generalized cosine window
 * {@code w[n] = a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N)} for {@code n} in {@code [0, size)},
 * with {@code N = size} when {@code periodic} (the default) and {@code N = size - 1} otherwise.
 *
 * <p>Invariant: every element is computed in double and rounded once to {@code output_datatype}
 * (a floating-point type; integer outputs are left to another evaluator).
 */
public final class WindowKernels {
  private WindowKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("HannWindow", 17, ctx -> window(ctx, 0.5, 0.5, 0));
    // NOTE: the spec gives Hamming's coefficients as the fractions 25/46 and 21/46, not 0.54/0.46.
    b.add("HammingWindow", 17, ctx -> window(ctx, 25.0 / 46.0, 21.0 / 46.0, 0));
    b.add("BlackmanWindow", 17, ctx -> window(ctx, 0.42, 0.5, 0.08));
  }

  private static List<Tensor> window(EvalContext ctx, double a0, double a1, double a2) {
    NdArray sizeInput = NdArray.read(ctx, ctx.input(0));
    if (sizeInput.size() != 1 || sizeInput.kind() != NdArray.Kind.INTEGRAL) {
      throw ctx.fail("size must be an integer scalar");
    }
    long size = sizeInput.getLong(0);
    if (size < 0) {
      throw ctx.fail("size must not be negative, is " + size);
    }
    long code = ctx.intAttribute("output_datatype", DataType.FLOAT.code());
    DataType type = DataType.fromCode((int) code)
        .orElseThrow(() -> ctx.fail("unknown output_datatype " + code));
    if (NdArray.kindOf(type) != NdArray.Kind.REAL) {
      throw ctx.unsupported("output_datatype " + type.displayName() + " is not a floating-point type");
    }
    boolean periodic = ctx.intAttribute("periodic", 1) != 0;
    long period = periodic ? size : size - 1;
    if (period == 0 && size > 0) {
      // NOTE: a symmetric window of one element divides by N = 0; the spec leaves it undefined.
      throw ctx.fail("a symmetric window of size 1 is undefined (N = 0)");
    }
    NdArray out = NdArray.allocate(ctx, type, new long[] {size});
    for (int n = 0; n < size; n++) {
      double phase = 2 * Math.PI * n / period;
      out.setDouble(n, a0 - a1 * Math.cos(phase) + a2 * Math.cos(2 * phase));
    }
    return List.of(out.toTensor());
  }
}
