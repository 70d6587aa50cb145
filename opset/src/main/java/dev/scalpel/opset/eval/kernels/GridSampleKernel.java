package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * GridSample (opset 16: 4-D, modes bilinear/nearest/bicubic; opset 20 and 22: any rank, modes
 * linear/nearest/cubic). Each grid vector (innermost spatial axis first) is mapped from [-1, 1] to
 * pixel coordinates ({@code align_corners}: the extrema are the corner pixels' centres, else their
 * outer edges), moved by {@code padding_mode} (border: clipped to the first and last pixel;
 * reflection: reflected at the extrema until inside, then clipped; zeros: left as is, taps outside
 * the input read 0) and interpolated: nearest rounds half to even, linear weighs the
 * 2 neighbours per axis, cubic the 4 with the cubic convolution of a = -0.75 (the kernel of the
 * torch grid_sample the spec refers to).
 *
 * <p>Invariant: every output element is summed in double and rounded once to X's type. Refused as
 * undefined: cubic with border or reflection padding (the spec does not say whether the coordinate
 * or each tap is moved; the two differ) and non-finite grid values. Refused as unsupported:
 * non-float X (the spec leaves the final cast open) and more than {@link #MAX_WORK} taps.
 */
public final class GridSampleKernel {
  /** The most taps one node may read here. */
  static final long MAX_WORK = 1L << 26;

  /** The cubic convolution's parameter. */
  private static final double A = -0.75;

  private GridSampleKernel() {}

  /** How samples are interpolated, and the taps each reads per axis. */
  private enum Mode {
    NEAREST(1), LINEAR(2), CUBIC(4);

    final int taps;

    Mode(int taps) {
      this.taps = taps;
    }
  }

  /** Where coordinates outside the input go. */
  private enum Padding { ZEROS, BORDER, REFLECTION }

  public static void register(Kernels.Builder b) {
    b.add("GridSample", 16, GridSampleKernel::gridSample);
  }

  private static List<Tensor> gridSample(EvalContext ctx) {
    boolean opset16 = ctx.opsetVersion() < 20;
    Mode mode = mode(ctx, opset16);
    Padding padding = padding(ctx);
    boolean alignCorners = ctx.intAttribute("align_corners", 0) != 0;
    if (mode == Mode.CUBIC && padding != Padding.ZEROS) {
      throw ctx.fail("cubic with " + padding.name().toLowerCase() + " padding is undefined (the spec does not say"
          + " whether the sample or each of its taps is moved)");
    }
    NdArray x = NdArray.read(ctx, ctx.input(0));
    NdArray grid = NdArray.read(ctx, ctx.input(1));
    if (x.kind() != NdArray.Kind.REAL || grid.kind() != NdArray.Kind.REAL) {
      throw ctx.unsupported("X of " + x.type().displayName() + " (the cast back is open) or grid of "
          + grid.type().displayName() + " is not sampled here");
    }
    int r = x.rank() - 2;
    if (r < 1 || (opset16 && r != 2)) {
      throw ctx.fail("X of rank " + x.rank() + " is not sampled at opset " + ctx.opsetVersion());
    }
    if (grid.rank() != r + 2 || grid.dim(0) != x.dim(0) || grid.dim(r + 1) != r) {
      throw ctx.fail("grid must have shape (N, out..., " + r + ") with N = " + x.dim(0));
    }
    long batch = x.dim(0);
    long channels = x.dim(1);
    long[] outDims = new long[r + 2];
    outDims[0] = batch;
    outDims[1] = channels;
    long points = 1;
    for (int d = 0; d < r; d++) {
      outDims[d + 2] = grid.dim(d + 1);
      points *= grid.dim(d + 1);
    }
    long tapsPerSample = 1;
    for (int d = 0; d < r; d++) {
      tapsPerSample *= mode.taps;
    }
    double outputs = (double) batch * channels * points;
    ctx.reserve(outputs >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) outputs);
    if (outputs * tapsPerSample > MAX_WORK || (double) batch * points * r * mode.taps > MAX_WORK) {
      throw ctx.unsupported("sampling " + (long) outputs + " outputs of " + tapsPerSample + " taps is too costly here");
    }
    NdArray y = NdArray.allocate(ctx, x.type(), outDims);
    long[] size = new long[r];
    long plane = 1;
    for (int d = 0; d < r; d++) {
      size[d] = x.dim(d + 2);
      plane *= size[d];
    }
    int[][] index = new int[r][mode.taps];
    double[][] weight = new double[r][mode.taps];
    int[] at = new int[r];
    for (long n = 0; n < batch; n++) {
      for (long p = 0; p < points; p++) {
        int cell = (int) ((n * points + p) * r);
        for (int d = 0; d < r; d++) {
          // NOTE: the grid lists coordinates innermost axis first.
          double g = grid.getDouble(cell + (r - 1 - d));
          if (!Double.isFinite(g)) {
            throw ctx.fail("a non-finite grid coordinate is undefined");
          }
          double c = move(unnormalize(g, size[d], alignCorners), size[d], alignCorners, padding);
          taps(mode, c, size[d], index[d], weight[d]);
        }
        for (long ch = 0; ch < channels; ch++) {
          int base = (int) ((n * channels + ch) * plane);
          double sum = 0;
          java.util.Arrays.fill(at, 0);
          while (true) {
            double w = 1;
            long offset = 0;
            boolean inside = true;
            for (int d = 0; d < r; d++) {
              w *= weight[d][at[d]];
              int i = index[d][at[d]];
              inside &= i >= 0;
              offset = offset * size[d] + i;
            }
            if (inside) {
              sum += w * x.getDouble((int) (base + offset));
            }
            int d = r - 1;
            while (d >= 0 && ++at[d] == mode.taps) {
              at[d] = 0;
              d--;
            }
            if (d < 0) {
              break;
            }
          }
          y.setDouble((int) ((n * channels + ch) * points + p), sum);
        }
      }
    }
    return List.of(y.toTensor());
  }

  private static Mode mode(EvalContext ctx, boolean opset16) {
    String name = ctx.stringAttribute("mode", opset16 ? "bilinear" : "linear");
    switch (name) {
      case "nearest": return Mode.NEAREST;
      case "bilinear": if (opset16) { return Mode.LINEAR; } break;
      case "bicubic": if (opset16) { return Mode.CUBIC; } break;
      case "linear": if (!opset16) { return Mode.LINEAR; } break;
      case "cubic": if (!opset16) { return Mode.CUBIC; } break;
      default: break;
    }
    throw ctx.fail("mode '" + name + "' is not a mode of GridSample-" + ctx.opsetVersion());
  }

  private static Padding padding(EvalContext ctx) {
    String name = ctx.stringAttribute("padding_mode", "zeros");
    switch (name) {
      case "zeros": return Padding.ZEROS;
      case "border": return Padding.BORDER;
      case "reflection": return Padding.REFLECTION;
      default: throw ctx.fail("padding_mode '" + name + "' is not zeros, border or reflection");
    }
  }

  /** The pixel coordinate of normalized {@code g} on an axis of {@code size} pixels. */
  private static double unnormalize(double g, long size, boolean alignCorners) {
    return alignCorners ? (g + 1) / 2 * (size - 1) : ((g + 1) * size - 1) / 2;
  }

  /** {@code c} moved by the padding mode: clipped (border), reflected then clipped, or unchanged. */
  private static double move(double c, long size, boolean alignCorners, Padding padding) {
    if (padding == Padding.ZEROS) {
      return c;
    }
    if (padding == Padding.REFLECTION) {
      // The extrema -1 and 1 of the grid: the corner pixels' centres or their outer edges.
      c = alignCorners ? reflect(c, 0, size - 1) : reflect(c, -0.5, size - 0.5);
    }
    return Math.min(Math.max(c, 0), size - 1);
  }

  /** {@code c} reflected at {@code lo} and {@code hi} until it lies between them. */
  private static double reflect(double c, double lo, double hi) {
    double span = hi - lo;
    if (span <= 0) {
      return lo;
    }
    double distance = Math.abs(c - lo);
    double flips = Math.floor(distance / span);
    double rest = distance - flips * span;
    return flips % 2 == 0 ? lo + rest : hi - rest;
  }

  /**
   * The taps of coordinate {@code c} on an axis of {@code size} pixels and their weights; a tap
   * outside the axis gets index -1 (it reads 0).
   */
  private static void taps(Mode mode, double c, long size, int[] index, double[] weight) {
    double floor = Math.floor(c);
    double t = c - floor;
    switch (mode) {
      case NEAREST:
        // NOTE: GridSample-16's text gives no rounding for ties; 20 states half to even, the
        // rounding of the torch grid_sample that 16 refers to, and ONNX's opset-16 test
        // (test_gridsample_nearest: x = 0.5 reads pixel 0) rounds so. 16 is read the same way.
        index[0] = inside(Math.rint(c), size);
        weight[0] = 1;
        break;
      case LINEAR:
        index[0] = inside(floor, size);
        index[1] = inside(floor + 1, size);
        weight[0] = 1 - t;
        weight[1] = t;
        break;
      default:
        for (int k = 0; k < 4; k++) {
          index[k] = inside(floor - 1 + k, size);
        }
        weight[0] = far(t + 1);
        weight[1] = near(t);
        weight[2] = near(1 - t);
        weight[3] = far(2 - t);
        break;
    }
  }

  /** The cubic convolution weight at distance {@code s} in [0, 1]. */
  private static double near(double s) {
    return ((A + 2) * s - (A + 3)) * s * s + 1;
  }

  /** The cubic convolution weight at distance {@code s} in [1, 2]. */
  private static double far(double s) {
    return ((A * s - 5 * A) * s + 8 * A) * s - 4 * A;
  }

  private static int inside(double i, long size) {
    return i >= 0 && i < size ? (int) i : -1;
  }
}
