package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operators that move elements: Transpose, Concat, Split (split as attribute or input by version,
 * num_outputs from 18), Expand and Tile (tiles/axis inputs at version 1, repeats from 6). Expand
 * and Tile check the element budget before they allocate.
 */
public final class LayoutKernels {
  private LayoutKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Transpose", 1, LayoutKernels::transpose);
    b.add("Concat", 1, LayoutKernels::concat);
    b.add("Split", 1, ctx -> split(ctx, ctx.hasInput(1) ? ShapeKernels.indexInput(ctx, 1) : ctx.intsAttribute("split").orElse(null), false));
    b.add("Split", 2, ctx -> split(ctx, ctx.intsAttribute("split").orElse(null), false));
    b.add("Split", 13, ctx -> split(ctx, ctx.hasInput(1) ? ShapeKernels.indexInput(ctx, 1) : null, false));
    b.add("Split", 18, ctx -> split(ctx, ctx.hasInput(1) ? ShapeKernels.indexInput(ctx, 1) : null, true));
    b.add("Expand", 8, LayoutKernels::expand);
    b.add("Tile", 1, LayoutKernels::tileAlongAxis);
    b.add("Tile", 6, ctx -> tile(ctx, NdArray.read(ctx, ctx.input(0)), ShapeKernels.indexInput(ctx, 1)));
  }

  private static List<Tensor> transpose(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    int rank = a.rank();
    long[] perm = ctx.intsAttribute("perm").orElse(null);
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    if (perm.length != rank) {
      throw ctx.fail("perm " + Arrays.toString(perm) + " does not match rank " + rank);
    }
    int[] p = AxisArguments.normalizeAll(ctx, perm, rank);
    long[] dims = a.dims();
    long[] strides = Strides.of(dims);
    long[] outDims = new long[rank];
    long[] srcStride = new long[rank];
    for (int i = 0; i < rank; i++) {
      outDims[i] = dims[p[i]];
      srcStride[i] = strides[p[i]];
    }
    return List.of(a.select(ctx, outDims, Odometer.offsets(outDims, srcStride, 0)).toTensor());
  }

  private static List<Tensor> concat(EvalContext ctx) {
    List<Tensor> inputs = ctx.presentInputs();
    if (inputs.isEmpty()) {
      throw ctx.fail("needs at least one input");
    }
    List<NdArray> parts = new ArrayList<>();
    for (Tensor t : inputs) {
      parts.add(NdArray.read(ctx, t));
    }
    NdArray first = parts.get(0);
    int rank = first.rank();
    if (rank == 0) {
      throw ctx.fail("cannot concatenate scalars");
    }
    long axisAttr = ctx.attribute("axis").isPresent() || ctx.opsetVersion() >= 4 ? ctx.intAttribute("axis", Long.MIN_VALUE) : 1;
    if (axisAttr == Long.MIN_VALUE) {
      throw ctx.fail("axis attribute is missing");
    }
    int axis = AxisArguments.normalize(ctx, axisAttr, rank);
    long[] outDims = first.dims();
    outDims[axis] = 0;
    for (NdArray p : parts) {
      Elementwise.requireSameType(ctx, first, p);
      if (p.rank() != rank) {
        throw ctx.fail("inputs have ranks " + rank + " and " + p.rank());
      }
      for (int i = 0; i < rank; i++) {
        if (i != axis && p.dim(i) != outDims[i]) {
          throw ctx.fail("inputs differ in dim " + i + ": " + Arrays.toString(first.dims()) + " and " + Arrays.toString(p.dims()));
        }
      }
      outDims[axis] += p.dim(axis);
    }
    NdArray out = NdArray.allocate(ctx, first.type(), outDims);
    long outer = Strides.count(outDims, 0, axis);
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (NdArray p : parts) {
        int block = (int) Strides.count(p.dims(), axis, rank);
        int base = (int) (o * block);
        for (int e = 0; e < block; e++) {
          out.copy(p, base + e, k++);
        }
      }
    }
    return List.of(out.toTensor());
  }

  private static List<Tensor> split(EvalContext ctx, long[] sizes, boolean numOutputsAllowed) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    int rank = a.rank();
    int axis = AxisArguments.normalize(ctx, ctx.intAttribute("axis", 0), rank);
    long dim = a.dim(axis);
    int outputs = ctx.outputCount();
    if (sizes == null) {
      sizes = new long[outputs];
      if (numOutputsAllowed) {
        long n = ctx.intAttribute("num_outputs", -1);
        if (n != outputs) {
          throw ctx.fail("num_outputs " + n + " must be given and match the " + outputs + " outputs");
        }
        // NOTE: from 18 the chunks are ceil(dim / n), the last one smaller when dim does not divide.
        long chunk = (dim + n - 1) / n;
        long left = dim;
        for (int i = 0; i < outputs; i++) {
          sizes[i] = Math.min(chunk, left);
          left -= sizes[i];
        }
      } else {
        if (dim % outputs != 0) {
          throw ctx.fail("dim " + dim + " does not split into " + outputs + " equal parts");
        }
        Arrays.fill(sizes, dim / outputs);
      }
    }
    if (sizes.length != outputs) {
      throw ctx.fail("split has " + sizes.length + " entries for " + outputs + " outputs");
    }
    long total = 0;
    for (long s : sizes) {
      if (s < 0) {
        throw ctx.fail("split " + Arrays.toString(sizes) + " has a negative size");
      }
      total += s;
    }
    if (total != dim) {
      throw ctx.fail("split " + Arrays.toString(sizes) + " does not sum to dim " + dim);
    }
    long[] dims = a.dims();
    long[] strides = Strides.of(dims);
    List<Tensor> out = new ArrayList<>();
    long offset = 0;
    for (long s : sizes) {
      long[] partDims = dims.clone();
      partDims[axis] = s;
      out.add(a.select(ctx, partDims, Odometer.offsets(partDims, strides, offset * strides[axis])).toTensor());
      offset += s;
    }
    return out;
  }

  private static List<Tensor> expand(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    long[] shape = ShapeKernels.indexInput(ctx, 1);
    long[] outDims = BroadcastIndexing.shape(ctx, a.dims(), shape);
    ctx.reserve(Strides.count(outDims));
    return List.of(a.select(ctx, outDims, BroadcastIndexing.sources(a.dims(), outDims)).toTensor());
  }

  private static List<Tensor> tileAlongAxis(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    long tiles = ShapeKernels.indexInput(ctx, 1)[0];
    int axis = AxisArguments.normalize(ctx, ShapeKernels.indexInput(ctx, 2)[0], a.rank());
    long[] repeats = new long[a.rank()];
    Arrays.fill(repeats, 1);
    repeats[axis] = tiles;
    return tile(ctx, a, repeats);
  }

  private static List<Tensor> tile(EvalContext ctx, NdArray a, long[] repeats) {
    int rank = a.rank();
    if (repeats.length != rank) {
      throw ctx.fail("repeats " + Arrays.toString(repeats) + " do not match rank " + rank);
    }
    long[] dims = a.dims();
    long[] outDims = new long[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      if (repeats[i] < 0) {
        throw ctx.fail("repeats " + Arrays.toString(repeats) + " has a negative entry");
      }
      outDims[i] = dims[i] * repeats[i];
      count = saturatingMultiply(count, outDims[i]);
    }
    ctx.reserve(count);
    long[] strides = Strides.of(dims);
    int[] sources = new int[(int) count];
    long[] coord = new long[rank];
    for (int k = 0; k < sources.length; k++) {
      long src = 0;
      for (int i = 0; i < rank; i++) {
        src += (coord[i] % dims[i]) * strides[i];
      }
      sources[k] = (int) src;
      for (int i = rank - 1; i >= 0; i--) {
        if (++coord[i] < outDims[i]) {
          break;
        }
        coord[i] = 0;
      }
    }
    return List.of(a.select(ctx, outDims, sources).toTensor());
  }

  private static long saturatingMultiply(long a, long b) {
    long r = a * b;
    return b != 0 && (r / b != a || r < 0) ? Long.MAX_VALUE : r;
  }
}
