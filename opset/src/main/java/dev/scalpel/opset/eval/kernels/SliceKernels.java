package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * Slice: starts, ends and axes as attributes at version 1; as inputs, with steps, from 10 on.
 * Negative starts and ends count from the end of the dim, then clamp to {@code [0, dim]} for a
 * positive step and {@code [-1, dim-1]} for a negative one, so an end such as INT64_MAX or
 * INT64_MIN means "to the end".
 */
public final class SliceKernels {
  private SliceKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Slice", 1, SliceKernels::fromAttributes);
    b.add("Slice", 10, SliceKernels::fromInputs);
  }

  private static List<Tensor> fromAttributes(EvalContext ctx) {
    long[] starts = ctx.intsAttribute("starts").orElseThrow(() -> ctx.fail("starts attribute is missing"));
    long[] ends = ctx.intsAttribute("ends").orElseThrow(() -> ctx.fail("ends attribute is missing"));
    long[] axes = ctx.intsAttribute("axes").orElse(null);
    long[] steps = new long[starts.length];
    Arrays.fill(steps, 1);
    return slice(ctx, starts, ends, axes, steps);
  }

  private static List<Tensor> fromInputs(EvalContext ctx) {
    long[] starts = ShapeKernels.indexInput(ctx, 1);
    long[] ends = ShapeKernels.indexInput(ctx, 2);
    long[] axes = ctx.hasInput(3) ? ShapeKernels.indexInput(ctx, 3) : null;
    long[] steps;
    if (ctx.hasInput(4)) {
      steps = ShapeKernels.indexInput(ctx, 4);
    } else {
      steps = new long[starts.length];
      Arrays.fill(steps, 1);
    }
    return slice(ctx, starts, ends, axes, steps);
  }

  private static List<Tensor> slice(EvalContext ctx, long[] starts, long[] ends, long[] axes, long[] steps) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    int rank = a.rank();
    if (axes == null) {
      axes = new long[starts.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
      throw ctx.fail("starts, ends, axes and steps differ in length");
    }
    int[] ax = AxisArguments.normalizeAll(ctx, axes, rank);
    long[] dims = a.dims();
    long[] strides = Strides.of(dims);
    long[] outDims = dims.clone();
    long[] outStrides = strides.clone();
    long base = 0;
    for (int i = 0; i < ax.length; i++) {
      int axis = ax[i];
      long dim = dims[axis];
      long step = steps[i];
      if (step == 0) {
        throw ctx.fail("step 0 on axis " + axis);
      }
      long start = starts[i] < 0 ? starts[i] + dim : starts[i];
      long end = ends[i] < 0 ? ends[i] + dim : ends[i];
      long count;
      if (step > 0) {
        start = clamp(start, 0, dim);
        end = clamp(end, 0, dim);
        count = end > start ? (end - start + step - 1) / step : 0;
      } else {
        start = clamp(start, 0, dim - 1);
        end = clamp(end, -1, dim - 1);
        count = start > end ? (start - end - step - 1) / -step : 0;
      }
      outDims[axis] = count;
      outStrides[axis] = strides[axis] * step;
      if (count > 0) {
        base += start * strides[axis];
      }
    }
    ctx.reserve(Strides.count(outDims));
    return List.of(a.select(ctx, outDims, Odometer.offsets(outDims, outStrides, base)).toTensor());
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
