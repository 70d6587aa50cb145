package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operators that read or change only a tensor's shape: Shape (start/end from opset 15), Size,
 * Identity, Reshape (shape attribute before 5, input from 5, allowzero from 14), Flatten, Squeeze
 * and Unsqueeze (axes attribute before 13, input from 13).
 */
public final class ShapeKernels {
  private ShapeKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Shape", 1, ctx -> shape(ctx, false));
    b.add("Shape", 15, ctx -> shape(ctx, true));
    b.add("Size", 1, ShapeKernels::size);
    b.add("Identity", 1, ShapeKernels::identity);
    b.add("Reshape", 1, ctx -> reshape(ctx, ctx.intsAttribute("shape").orElseThrow(() -> ctx.fail("shape attribute is missing")), false));
    b.add("Reshape", 5, ctx -> reshape(ctx, indexInput(ctx, 1), false));
    b.add("Reshape", 14, ctx -> reshape(ctx, indexInput(ctx, 1), ctx.intAttribute("allowzero", 0) == 1));
    b.add("Flatten", 1, ShapeKernels::flatten);
    b.add("Squeeze", 1, ctx -> squeeze(ctx, ctx.intsAttribute("axes").orElse(null)));
    b.add("Squeeze", 13, ctx -> squeeze(ctx, ctx.hasInput(1) ? indexInput(ctx, 1) : null));
    b.add("Unsqueeze", 1, ctx -> unsqueeze(ctx, ctx.intsAttribute("axes").orElseThrow(() -> ctx.fail("axes attribute is missing"))));
    b.add("Unsqueeze", 13, ctx -> unsqueeze(ctx, indexInput(ctx, 1)));
  }

  /** The elements of integer input {@code i} (an index, shape or axes tensor). */
  static long[] indexInput(EvalContext ctx, int i) {
    Tensor t = ctx.input(i);
    if (t.dataType() != DataType.INT64 && t.dataType() != DataType.INT32) {
      throw ctx.fail("input " + i + " must be int64 or int32, got " + t.dataType().displayName());
    }
    return t.toLongArray();
  }

  private static List<Tensor> shape(EvalContext ctx, boolean ranged) {
    long[] dims = ctx.input(0).dims();
    int rank = dims.length;
    int start = 0;
    int end = rank;
    if (ranged) {
      start = clampAxis(ctx.intAttribute("start", 0), rank);
      end = clampAxis(ctx.intAttribute("end", rank), rank);
    }
    long[] out = end > start ? Arrays.copyOfRange(dims, start, end) : new long[0];
    return List.of(DenseTensor.vector("", out));
  }

  /** Shape's start/end: negative counts from the end, then clamps to [0, rank]. */
  private static int clampAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return (int) Math.max(0, Math.min(rank, a));
  }

  private static List<Tensor> size(EvalContext ctx) {
    return List.of(DenseTensor.ofLongs("", new long[0], ctx.input(0).elementCount()));
  }

  private static List<Tensor> identity(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    return List.of(a.toTensor());
  }

  private static List<Tensor> reshape(EvalContext ctx, long[] requested, boolean allowZero) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    long[] in = a.dims();
    long[] out = requested.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (inferred >= 0) {
          throw ctx.fail("shape " + Arrays.toString(requested) + " has more than one -1");
        }
        inferred = i;
        continue;
      }
      if (out[i] == 0 && !allowZero) {
        if (i >= in.length) {
          throw ctx.fail("shape " + Arrays.toString(requested) + " copies dim " + i + " of a rank-" + in.length + " input");
        }
        out[i] = in[i];
      } else if (out[i] < 0) {
        throw ctx.fail("shape " + Arrays.toString(requested) + " has a negative dim");
      }
      known *= out[i];
    }
    if (inferred >= 0) {
      if (known == 0) {
        // NOTE: with allowzero a 0 dim makes -1 ambiguous, and the spec makes the pair invalid.
        if (allowZero || a.size() != 0) {
          throw ctx.fail("cannot infer the -1 dim of " + Arrays.toString(requested) + " next to a 0 dim");
        }
        out[inferred] = 0;
      } else {
        if (a.size() % known != 0) {
          throw ctx.fail("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(requested));
        }
        out[inferred] = a.size() / known;
      }
    }
    if (Strides.count(out) != a.size()) {
      throw ctx.fail("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(requested));
    }
    return List.of(a.reshaped(out).toTensor());
  }

  private static List<Tensor> flatten(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    int rank = a.rank();
    long axis = ctx.intAttribute("axis", 1);
    if (axis < -rank || axis > rank) {
      throw ctx.fail("axis " + axis + " is out of range for rank " + rank);
    }
    int split = (int) (axis < 0 ? axis + rank : axis);
    long[] dims = a.dims();
    long[] out = {Strides.count(dims, 0, split), Strides.count(dims, split, rank)};
    return List.of(a.reshaped(out).toTensor());
  }

  private static List<Tensor> squeeze(EvalContext ctx, long[] axes) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    long[] dims = a.dims();
    boolean[] drop = new boolean[dims.length];
    if (axes == null) {
      for (int i = 0; i < dims.length; i++) {
        drop[i] = dims[i] == 1;
      }
    } else {
      for (int axis : AxisArguments.normalizeAll(ctx, axes, dims.length)) {
        if (dims[axis] != 1) {
          throw ctx.fail("cannot squeeze axis " + axis + " of size " + dims[axis]);
        }
        drop[axis] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < dims.length; i++) {
      if (!drop[i]) {
        out.add(dims[i]);
      }
    }
    return List.of(a.reshaped(out.stream().mapToLong(Long::longValue).toArray()).toTensor());
  }

  private static List<Tensor> unsqueeze(EvalContext ctx, long[] axes) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    long[] dims = a.dims();
    int rank = dims.length + axes.length;
    boolean[] inserted = new boolean[rank];
    for (int axis : AxisArguments.normalizeAll(ctx, axes, rank)) {
      inserted[axis] = true;
    }
    long[] out = new long[rank];
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out[i] = inserted[i] ? 1 : dims[next++];
    }
    return List.of(a.reshaped(out).toTensor());
  }
}
