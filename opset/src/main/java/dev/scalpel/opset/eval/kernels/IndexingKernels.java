package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * Gather and GatherElements: indices may be negative (counting from the end of the axis); an index
 * outside {@code [-dim, dim)} is an error.
 */
public final class IndexingKernels {
  private IndexingKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Gather", 1, IndexingKernels::gather);
    b.add("GatherElements", 11, IndexingKernels::gatherElements);
  }

  private static List<Tensor> gather(EvalContext ctx) {
    NdArray data = NdArray.read(ctx, ctx.input(0));
    long[] indexDims = ctx.input(1).dims();
    long[] indices = ShapeKernels.indexInput(ctx, 1);
    int rank = data.rank();
    if (rank == 0) {
      throw ctx.fail("cannot gather from a scalar");
    }
    int axis = AxisArguments.normalize(ctx, ctx.intAttribute("axis", 0), rank);
    long[] dims = data.dims();
    long dim = dims[axis];
    long outer = Strides.count(dims, 0, axis);
    long inner = Strides.count(dims, axis + 1, rank);
    long[] outDims = new long[rank - 1 + indexDims.length];
    System.arraycopy(dims, 0, outDims, 0, axis);
    System.arraycopy(indexDims, 0, outDims, axis, indexDims.length);
    System.arraycopy(dims, axis + 1, outDims, axis + indexDims.length, rank - axis - 1);
    ctx.reserve(Strides.count(outDims));
    int[] sources = new int[(int) Strides.count(outDims)];
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (long index : indices) {
        long at = resolve(ctx, index, dim);
        long base = (o * dim + at) * inner;
        for (long e = 0; e < inner; e++) {
          sources[k++] = (int) (base + e);
        }
      }
    }
    return List.of(data.select(ctx, outDims, sources).toTensor());
  }

  private static List<Tensor> gatherElements(EvalContext ctx) {
    NdArray data = NdArray.read(ctx, ctx.input(0));
    long[] indexDims = ctx.input(1).dims();
    long[] indices = ShapeKernels.indexInput(ctx, 1);
    int rank = data.rank();
    if (indexDims.length != rank) {
      throw ctx.fail("indices have rank " + indexDims.length + ", data rank " + rank);
    }
    int axis = AxisArguments.normalize(ctx, ctx.intAttribute("axis", 0), rank);
    long[] dims = data.dims();
    for (int i = 0; i < rank; i++) {
      if (i != axis && indexDims[i] > dims[i]) {
        throw ctx.fail("indices dim " + i + " (" + indexDims[i] + ") exceeds the data's (" + dims[i] + ")");
      }
    }
    long[] strides = Strides.of(dims);
    // NOTE: the data offset of each index position with the axis coordinate left at 0.
    long[] axisFree = strides.clone();
    axisFree[axis] = 0;
    int[] bases = Odometer.offsets(indexDims, axisFree, 0);
    int[] sources = new int[bases.length];
    for (int k = 0; k < bases.length; k++) {
      sources[k] = (int) (bases[k] + resolve(ctx, indices[k], dims[axis]) * strides[axis]);
    }
    return List.of(data.select(ctx, indexDims, sources).toTensor());
  }

  private static long resolve(EvalContext ctx, long index, long dim) {
    if (index < -dim || index >= dim) {
      throw ctx.fail("index " + index + " is out of range for a dim of " + dim);
    }
    return index < 0 ? index + dim : index;
  }
}
