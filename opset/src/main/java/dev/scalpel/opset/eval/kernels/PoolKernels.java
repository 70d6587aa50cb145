package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * AveragePool, MaxPool (its first output only) and LpPool over the windows {@link PoolWindows}
 * gives, and their global forms (one window covering every spatial axis).
 *
 * <ul>
 *   <li>AveragePool: the sum of the taps inside the input divided by their count, or, with
 *       {@code count_include_pad}, by the count of taps inside the input and its padding (a
 *       ceil-mode window's part past the end padding counts in neither).
 *   <li>MaxPool: the largest tap inside the input; padding never wins.
 *   <li>LpPool: {@code (sum |x|^p)^(1/p)} over the taps inside the input (padding adds 0).
 * </ul>
 *
 * <p>Invariant: every output element is accumulated in double and rounded once to the input's
 * type. Refused as unsupported (another evaluator may take them): MaxPool's Indices output where
 * every window's maximum is unique (with a tie, which index it names is undefined), integer
 * inputs of AveragePool and LpPool, and nodes reading more than {@link PoolWindows#MAX_WORK} taps.
 * Refused as undefined: an average or maximum over a window with no tap inside the input, and a
 * maximum over a window holding NaN (the spec does not say whether it propagates).
 */
public final class PoolKernels {
  private PoolKernels() {}

  /** What one window reduces to. */
  private enum Reduction { AVERAGE, MAX, LP }

  public static void register(Kernels.Builder b) {
    b.add("AveragePool", 1, ctx -> pool(ctx, Reduction.AVERAGE, false));
    b.add("MaxPool", 1, ctx -> pool(ctx, Reduction.MAX, false));
    b.add("LpPool", 1, ctx -> pool(ctx, Reduction.LP, false));
    b.add("GlobalAveragePool", 1, ctx -> pool(ctx, Reduction.AVERAGE, true));
    b.add("GlobalMaxPool", 1, ctx -> pool(ctx, Reduction.MAX, true));
    b.add("GlobalLpPool", 1, ctx -> pool(ctx, Reduction.LP, true));
  }

  private static List<Tensor> pool(EvalContext ctx, Reduction reduction, boolean global) {
    // NOTE: the Indices output is left to another evaluator, but which of equal maxima it names is
    // not in the spec: the windows are scanned first, and a tie is refused as undefined (so no
    // evaluator's pick is folded), anything else as unsupported.
    boolean indices = reduction == Reduction.MAX && ctx.outputCount() > 1;
    NdArray x = NdArray.read(ctx, ctx.input(0));
    boolean integral = x.kind() == NdArray.Kind.INTEGRAL;
    if (x.kind() != NdArray.Kind.REAL && !(integral && reduction == Reduction.MAX)) {
      throw ctx.unsupported("element type " + x.type().displayName() + " is not pooled here");
    }
    long[] dims = x.dims();
    Optional<long[]> wholeInput = Optional.of(Arrays.copyOfRange(dims, Math.min(2, dims.length), dims.length));
    PoolWindows windows = PoolWindows.of(ctx, dims, global ? wholeInput : Optional.empty());
    double p = reduction == Reduction.LP ? lpExponent(ctx) : 0;
    boolean includePad = ctx.intAttribute("count_include_pad", 0) != 0;
    NdArray y = NdArray.allocate(ctx, x.type(), windows.outputDims(dims[0], dims[1]));
    long planes = dims[0] * dims[1];
    int inPlane = (int) windows.inputPlane();
    int outPlane = (int) windows.outputPlane();
    for (int w = 0; w < outPlane; w++) {
      int[] taps = windows.insideOffsets(w);
      if (taps.length == 0 && reduction != Reduction.LP && planes > 0) {
        throw ctx.fail("a window with no element of the input is undefined (window " + w + ")");
      }
      double divisor = includePad ? windows.paddedCount(w) : taps.length;
      for (long plane = 0; plane < planes; plane++) {
        int base = (int) (plane * inPlane);
        int at = (int) (plane * outPlane + w);
        switch (reduction) {
          case AVERAGE: {
            double sum = 0;
            for (int t : taps) {
              sum += x.getDouble(base + t);
            }
            y.setDouble(at, sum / divisor);
            break;
          }
          case LP: {
            double sum = 0;
            for (int t : taps) {
              sum += Math.pow(Math.abs(x.getDouble(base + t)), p);
            }
            y.setDouble(at, Math.pow(sum, 1 / p));
            break;
          }
          default:
            int ties = 0;
            if (integral) {
              long max = Long.MIN_VALUE;
              for (int t : taps) {
                long v = x.getLong(base + t);
                ties = v > max ? 1 : v == max ? ties + 1 : ties;
                max = Math.max(max, v);
              }
              y.setLong(at, max);
            } else {
              double max = Double.NEGATIVE_INFINITY;
              for (int t : taps) {
                double v = x.getDouble(base + t);
                if (Double.isNaN(v)) {
                  throw ctx.fail("the maximum of a window holding NaN is undefined");
                }
                ties = v > max ? 1 : v == max ? ties + 1 : ties;
                max = Math.max(max, v);
              }
              y.setDouble(at, max);
            }
            if (indices && ties > 1) {
              throw ctx.fail("window " + w + " holds its maximum " + ties + " times: which one Indices names is"
                  + " not in the spec");
            }
            break;
        }
      }
    }
    if (indices) {
      throw ctx.unsupported("the Indices output is not computed here");
    }
    return List.of(y.toTensor());
  }

  /** LpPool's {@code p}: a float at opset 1, an int from opset 2 on; 2 by default. */
  private static double lpExponent(EvalContext ctx) {
    Optional<Attribute> a = ctx.attribute("p");
    double p = a.isEmpty() ? 2
        : a.get().type() == Attribute.Type.FLOAT ? a.get().asFloat() : ctx.intAttribute("p", 2);
    if (!(p > 0) || Double.isInfinite(p)) {
      throw ctx.fail("p must be positive and finite, is " + p);
    }
    return p;
  }
}
