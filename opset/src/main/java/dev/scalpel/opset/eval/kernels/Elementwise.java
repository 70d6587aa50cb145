package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.eval.EvalContext;
import java.util.Arrays;

/**
 * Applies an element function over broadcast operands: the loop every elementwise kernel shares.
 * Also aligns the operands of the limited broadcasting of opsets before 7 ({@code broadcast} and
 * {@code axis} attributes) so that numpy broadcasting computes it.
 */
final class Elementwise {
  private Elementwise() {}

  /** Computes element {@code k} of {@code out} from element {@code i} of {@code a} and {@code j} of {@code b}. */
  @FunctionalInterface
  interface Binary {
    void apply(NdArray a, int i, NdArray b, int j, NdArray out, int k);
  }

  /** Computes element {@code k} of {@code out} from element {@code i} of {@code a}. */
  @FunctionalInterface
  interface Unary {
    void apply(NdArray a, int i, NdArray out, int k);
  }

  static NdArray binary(EvalContext ctx, NdArray a, NdArray b, DataType outType, Binary f) {
    long[] outDims = BroadcastIndexing.shape(ctx, a.dims(), b.dims());
    NdArray out = NdArray.allocate(ctx, outType, outDims);
    int[] ia = BroadcastIndexing.sources(a.dims(), outDims);
    int[] ib = BroadcastIndexing.sources(b.dims(), outDims);
    for (int k = 0; k < ia.length; k++) {
      f.apply(a, ia[k], b, ib[k], out, k);
    }
    return out;
  }

  static NdArray unary(EvalContext ctx, NdArray a, DataType outType, Unary f) {
    NdArray out = NdArray.allocate(ctx, outType, a.dims());
    for (int k = 0; k < a.size(); k++) {
      f.apply(a, k, out, k);
    }
    return out;
  }

  /** Fails unless both operands have the same element type, as type constraint T requires. */
  static void requireSameType(EvalContext ctx, NdArray a, NdArray b) {
    if (a.type() != b.type()) {
      throw ctx.fail("operands are " + a.type().displayName() + " and " + b.type().displayName());
    }
  }

  /**
   * Opsets before 7: without {@code broadcast=1} the shapes must be equal; with it, B's dims match a
   * contiguous run of A's dims starting at {@code axis} (by default, A's trailing dims). Returns B
   * with trailing 1-dims so that numpy broadcasting lines it up the same way.
   */
  static NdArray legacyAlign(EvalContext ctx, NdArray a, NdArray b) {
    if (ctx.intAttribute("broadcast", 0) == 0) {
      if (!Arrays.equals(a.dims(), b.dims())) {
        throw ctx.fail("shapes " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims())
            + " differ and broadcast is not set");
      }
      return b;
    }
    int rankA = a.rank();
    int rankB = b.rank();
    if (b.size() == 1 && rankB <= 1) {
      return b.reshaped(new long[0]);
    }
    long axis = ctx.intAttribute("axis", rankA - rankB);
    int start = (int) (axis < 0 ? axis + rankA : axis);
    if (start < 0 || start + rankB > rankA) {
      throw ctx.fail("axis " + axis + " does not place B's rank " + rankB + " inside A's rank " + rankA);
    }
    long[] aligned = new long[rankA - start];
    Arrays.fill(aligned, 1);
    for (int i = 0; i < rankB; i++) {
      if (b.dim(i) != a.dim(start + i)) {
        throw ctx.fail("B's dim " + i + " (" + b.dim(i) + ") does not match A's dim " + (start + i));
      }
      aligned[i] = b.dim(i);
    }
    return b.reshaped(aligned);
  }
}
